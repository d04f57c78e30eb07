package com.partnerflow.mail.inbound;

public record InboundAttachment(String filename, String contentType, byte[] content) {
}

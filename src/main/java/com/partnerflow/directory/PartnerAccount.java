package com.partnerflow.directory;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record PartnerAccount(UUID id, String legalName, Instant createdAt, List<String> domains) {
}

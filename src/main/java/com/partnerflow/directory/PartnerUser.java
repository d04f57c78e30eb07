package com.partnerflow.directory;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record PartnerUser(UUID id, UUID accountId, String email, String firstName, String lastName,
                          String status, String language, Instant createdAt, List<Role> roles) {
}

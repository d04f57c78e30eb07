package com.partnerflow.registration;

import java.time.Instant;
import java.util.UUID;

public record Registration(UUID id, String email, String domain, String firstName, String lastName,
                           String companyName, String language, String passwordHash, RegistrationStatus status,
                           String sourceAddress, Instant createdAt, Instant completedAt, UUID userId) {
}

package com.partnerflow.directory;

/** What the directory needs to create a user; the password arrives already hashed. */
public record NewUser(String email, String firstName, String lastName, String passwordHash, String language) {
}

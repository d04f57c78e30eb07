package com.partnerflow.directory;

/** The roles of the guide's role comparison table. */
public enum Role {
    ALLIANCE_LEAD,
    ALLIANCE_TEAM,
    STANDARD_USER,
    CHANNEL_USER,
    CLOUD_ADMIN,
    MARKETING_STAFF,
    TECHNICAL_STAFF,
    ACE_MANAGER,
    ACE_USER
}

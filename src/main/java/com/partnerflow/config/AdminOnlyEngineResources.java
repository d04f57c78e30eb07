package com.partnerflow.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The engine resources that only process admins may reach through engine REST and the webapps'
 * engine API, whatever Camunda's authorizations say: jobs, job definitions and batches, and their
 * history and the history cleanup.
 *
 * <p>Why: Camunda authorizes a job through its process definition, and a job without one (the
 * history cleanup's, a batch's) is checked against nothing. A support agent, who may use
 * Tasklist and engine REST for their tasks, could otherwise list those jobs and run the history
 * cleanup at once with {@code POST /job/{id}/execute}. Agents need none of these resources.
 */
public final class AdminOnlyEngineResources {

    private static final List<String> RESOURCES = List.of("job", "job-definition", "batch",
            "history/job-log", "history/batch", "history/cleanup", "history/cleanup-configuration");

    // "/engine/{name}/" before the resource on engine REST's named-engine paths
    private static final Pattern NAMED_ENGINE = Pattern.compile("^/engine/[^/]+");

    private AdminOnlyEngineResources() {
    }

    /**
     * @param path the request's path below engine REST's root ({@code /job/count},
     *             {@code /engine/default/job/…}) or below the webapps' {@code /api/engine/engine/{name}}
     */
    public static boolean covers(String path) {
        String resource = NAMED_ENGINE.matcher(path).replaceFirst("");
        resource = resource.startsWith("/") ? resource.substring(1) : resource;
        for (String adminOnly : RESOURCES) {
            if (resource.equals(adminOnly) || resource.startsWith(adminOnly + "/")) {
                return true;
            }
        }
        return false;
    }
}

package com.partnerflow.signin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * The 403 answer of the partner API names what the caller lacks. No endpoint denies anybody
 * yet, so the handler is exercised directly, with the ObjectMapper Spring Boot would give it.
 */
class SignInAccessDeniedTest {

    private final ObjectMapper json = Jackson2ObjectMapperBuilder.json().build();
    private final PartnerApiProblems problems = new PartnerApiProblems(json);

    @Test
    void aMissingPermissionIsNamed() throws Exception {
        Map<String, Object> body = deny(new MissingPermissionException("role ALLIANCE_LEAD"));
        assertThat(body).containsEntry("status", 403).containsEntry("code", "access-denied")
                .containsEntry("permission", "role ALLIANCE_LEAD")
                .containsEntry("instance", "/api/account/users");
        assertThat((String) body.get("detail")).contains("role ALLIANCE_LEAD");
    }

    @Test
    void aMethodSecurityDenialNamesTheAuthorities() throws Exception {
        var decision = new AuthorityAuthorizationDecision(false,
                AuthorityUtils.createAuthorityList("ROLE_ALLIANCE_LEAD", "ROLE_CLOUD_ADMIN"));
        Map<String, Object> body = deny(new AuthorizationDeniedException("Access Denied", decision));
        assertThat(body).containsEntry("permission", "role ALLIANCE_LEAD or role CLOUD_ADMIN");
    }

    private Map<String, Object> deny(org.springframework.security.access.AccessDeniedException exception)
            throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/account/users");
        MockHttpServletResponse response = new MockHttpServletResponse();
        problems.handle(request, response, exception);
        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        @SuppressWarnings("unchecked")
        Map<String, Object> body = json.readValue(response.getContentAsString(), Map.class);
        assertThat(body.keySet()).containsAll(List.of("type", "title", "status", "detail", "instance"));
        return body;
    }
}

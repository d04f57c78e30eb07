package com.partnerflow.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Applies {@link InputText} at the edge of every Spring MVC endpoint, in two places only: every
 * string of a JSON request body (a string deserializer on the HTTP message converter's mapper),
 * and every query, form and path value (an interceptor before the handler). Either refusal is a
 * {@code 400 invalid-characters} problem listing the fields. The application's shared
 * {@link ObjectMapper} is left alone: it also reads what the application stored itself (e.g. a
 * held partner mail), which may hold such characters legitimately.
 */
@Configuration(proxyBeanMethods = false)
public class InputTextWebConfiguration implements WebMvcConfigurer {

    /** The converter Spring Boot would make, on a copy of the mapper that refuses disallowed text. */
    @Bean
    MappingJackson2HttpMessageConverter mappingJackson2HttpMessageConverter(ObjectMapper mapper) {
        return new MappingJackson2HttpMessageConverter(mapper.copy().registerModule(
                new SimpleModule("input-text").addDeserializer(String.class, new CheckedStringDeserializer())));
    }

    /** The same rule where Camunda reads the request itself: engine REST and the webapps' API. */
    @Bean
    FilterRegistrationBean<EngineApiTextFilter> engineApiTextFilter(ObjectMapper mapper) {
        var registration = new FilterRegistrationBean<>(new EngineApiTextFilter(mapper));
        registration.setName("engine-api-text");
        registration.addUrlPatterns("/engine-rest/*", "/camunda/api/*");
        return registration;
    }

    /** A task listener's refusal answered as its sentence alone (engine REST and Tasklist's API). */
    @Bean
    FilterRegistrationBean<TaskRefusalFilter> taskRefusalFilter(ObjectMapper mapper) {
        var registration = new FilterRegistrationBean<>(new TaskRefusalFilter(mapper));
        registration.setName("task-refusal");
        registration.addUrlPatterns("/engine-rest/*", "/camunda/api/*");
        return registration;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                checkParameters(request);
                return true;
            }
        });
    }

    static void checkParameters(HttpServletRequest request) {
        @SuppressWarnings("unchecked")
        Map<String, String> pathVariables = (Map<String, String>) request
                .getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (pathVariables != null) {
            pathVariables.forEach((name, value) -> refuseUnlessAcceptable(name, value));
        }
        request.getParameterMap().forEach((name, values) -> {
            refuseUnlessAcceptable(name, name);
            for (String value : values) {
                refuseUnlessAcceptable(name, value);
            }
        });
    }

    private static void refuseUnlessAcceptable(String name, String value) {
        if (!InputText.isAcceptable(value)) {
            throw invalidCharacters(List.of(Map.of("field", InputText.isAcceptable(name) ? name : "?",
                    "message", InputText.describe(value))));
        }
    }

    static ApiProblem invalidCharacters(List<Map<String, String>> fields) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-characters",
                "The request contains characters that are not accepted", Map.of("fields", fields));
    }

    /** Jackson's own string reading, then the check; a refusal names the value's path in the body. */
    static final class CheckedStringDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = super.deserialize(parser, context);
            if (!InputText.isAcceptable(value)) {
                throw new DisallowedText(parser, InputText.describe(value));
            }
            return value;
        }

        @Override
        public boolean isCachable() {
            return true;
        }
    }

    /** Thrown while reading a body; {@code ApiExceptionHandler} answers it as {@code invalid-characters}. */
    static final class DisallowedText extends InvalidFormatException {

        DisallowedText(JsonParser parser, String message) {
            super(parser, message, null, String.class);
        }
    }
}

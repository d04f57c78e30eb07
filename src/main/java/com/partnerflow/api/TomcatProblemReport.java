package com.partnerflow.api;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.Container;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Requests that Tomcat itself refuses before the application sees them (a {@code %00} or a
 * broken UTF-8 sequence in the path, ...) are answered as problem details like every other error,
 * instead of Tomcat's HTML page. Everything the application answers itself never reaches this.
 */
@Component
public class TomcatProblemReport implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            Container host = context.getParent();
            if (host instanceof StandardHost standardHost) {
                standardHost.setErrorReportValveClass(Valve.class.getName());
            }
        });
    }

    /** Instantiated by Tomcat's host by class name. */
    public static class Valve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            String code = ApiExceptionHandler.codeOf(org.springframework.http.HttpStatusCode.valueOf(status));
            HttpStatus known = HttpStatus.resolve(status);
            String title = known == null ? "Error" : known.getReasonPhrase();
            try {
                response.setContentType("application/problem+json");
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write("{\"type\":\"urn:partnerflow:problem:" + code + "\",\"title\":\"" + title
                            + "\",\"status\":" + status + ",\"detail\":\"The request was refused before reaching the"
                            + " application (e.g. its address holds characters that are not allowed).\",\"code\":\""
                            + code + "\"}");
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the connection is gone or the response committed: nothing more to say
            }
        }
    }
}

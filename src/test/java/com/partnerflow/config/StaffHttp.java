package com.partnerflow.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A staff member's HTTP client: HTTP Basic on {@code /engine-rest}, or a logged-in session of a
 * Camunda webapp as a browser holds it (session cookie plus Camunda's CSRF token, sent back as
 * {@code X-XSRF-TOKEN}).
 */
public final class StaffHttp {

    private final String baseUrl;
    private final HttpClient client;
    private final CookieManager cookies = new CookieManager();
    private final String basicAuth;

    private StaffHttp(int port, String basicAuth) {
        this.baseUrl = "http://localhost:" + port;
        this.client = HttpClient.newBuilder().cookieHandler(cookies).build();
        this.basicAuth = basicAuth;
    }

    /** Calls with HTTP Basic credentials (or none, for {@code user == null}). */
    public static StaffHttp basic(int port, String user, String password) {
        return new StaffHttp(port, user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** Logs into a webapp ({@code tasklist}, {@code cockpit}, {@code admin}) as its login page does. */
    public static StaffHttp webappLogin(int port, String app, String user, String password) {
        StaffHttp http = new StaffHttp(port, null);
        http.get("/camunda/app/" + app + "/default/"); // hands out the CSRF token
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> login = http.send(http.request("/camunda/api/admin/auth/user/default/login/" + app)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        if (login.statusCode() != 200) {
            throw new IllegalStateException("Login of " + user + " into " + app + " answered " + login.statusCode()
                    + ": " + login.body());
        }
        // the login starts a new session, which needs a CSRF token of its own
        http.get("/camunda/api/admin/auth/user/default");
        return http;
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    public HttpResponse<String> postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A multipart form with one text field and one file, as {@code curl -F} sends it. */
    public HttpResponse<String> postMultipart(String path, String field, String value, String fileName, String file) {
        String boundary = "----partnerflow" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"\r\n\r\n" + value
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileName + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + file + "\r\n--" + boundary + "--\r\n";
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> putJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Accept", "application/json, text/html");
        if (basicAuth != null) {
            builder.header("Authorization", basicAuth);
        }
        cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst().ifPresent(token -> builder.header("X-XSRF-TOKEN", token));
        return builder;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

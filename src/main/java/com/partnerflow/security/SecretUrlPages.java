package com.partnerflow.security;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;

/**
 * What the pages behind a secret URL (signed links, invitations; templates {@code page/*}, in
 * the frame of {@code page/layout}) share: the refusal page and how a deadline reads.
 */
public final class SecretUrlPages {

    private static final DateTimeFormatter DEADLINE = DateTimeFormatter
            .ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private SecretUrlPages() {
    }

    /** E.g. "30 November 2026, 13:00 UTC". */
    public static String deadline(Instant at) {
        return DEADLINE.format(at);
    }

    /**
     * The refusal page ({@code page/refused}).
     *
     * @param code the problem code, on the page's {@code main} as {@code data-code}
     * @param note what the reader can do now
     */
    public static ModelAndView refused(HttpStatus status, String code, String title, String detail, String note) {
        ModelAndView page = new ModelAndView("page/refused", status);
        page.addObject("code", code);
        page.addObject("title", title);
        page.addObject("detail", detail);
        page.addObject("note", note);
        return page;
    }
}

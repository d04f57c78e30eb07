package com.partnerflow.links;

import com.partnerflow.api.ApiProblem;
import org.springframework.http.HttpStatus;

/**
 * Why a link cannot be used. The link pages show {@link #title()} and the detail; any other
 * caller gets problem details like every partner-API error.
 */
public class LinkRefused extends ApiProblem {

    private final String title;

    LinkRefused(HttpStatus status, String code, String title, String detail) {
        super(status, code, detail);
        this.title = title;
        getBody().setTitle(title);
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getBody().getDetail();
    }

    static LinkRefused notFound() {
        return new LinkRefused(HttpStatus.NOT_FOUND, "link-not-found", "This link is not valid",
                "We do not know this link. Check that you opened the whole address from the email.");
    }

    static LinkRefused alreadyUsed() {
        return new LinkRefused(HttpStatus.CONFLICT, "link-already-used", "This question has already been answered",
                "An answer was already given through this link. A link can be used only once.");
    }

    static LinkRefused revoked() {
        return new LinkRefused(HttpStatus.GONE, "link-revoked", "This link no longer works",
                "The question was settled in another way (for example by your reply to the email), "
                        + "so this link has been withdrawn.");
    }

    static LinkRefused questionClosed() {
        return new LinkRefused(HttpStatus.CONFLICT, "question-closed", "This question is no longer open",
                "The question this link belongs to is no longer waiting for an answer. Nothing was recorded.");
    }

    static LinkRefused busy() {
        return new LinkRefused(HttpStatus.CONFLICT, "link-busy", "This link is being answered right now",
                "Another answer through this link is being recorded at this moment. Open the link again in a "
                        + "minute to see the outcome.");
    }

    static LinkRefused invalidChoice() {
        return new LinkRefused(HttpStatus.BAD_REQUEST, "invalid-choice", "Please choose an answer",
                "Press either Confirm or Decline on the question page.");
    }

    /**
     * The one refusal that commits: the link is marked EXPIRED on the way out (see
     * {@link SignedLinks#answer}).
     */
    static final class Expired extends LinkRefused {
        Expired() {
            super(HttpStatus.GONE, "link-expired", "This link has expired",
                    "The time to answer through this link is over. Nothing was recorded.");
        }
    }
}

package com.partnerflow.directory;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A read-only view of the partner directory for process admins (HTTP Basic, checked by the
 * process-admin filter on /api/admin/*). Partner-facing directory endpoints come with sign-in.
 */
@RestController
@RequestMapping("/api/admin/accounts")
public class DirectoryAdminController {

    private final PartnerDirectory directory;

    public DirectoryAdminController(PartnerDirectory directory) {
        this.directory = directory;
    }

    @GetMapping
    public List<AccountView> accounts() {
        return directory.accounts().stream()
                .map(a -> new AccountView(a, directory.usersOf(a.id())))
                .toList();
    }

    public record AccountView(PartnerAccount account, List<PartnerUser> users) {
    }
}

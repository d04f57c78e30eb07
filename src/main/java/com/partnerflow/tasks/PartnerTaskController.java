package com.partnerflow.tasks;

import com.partnerflow.api.ProblemAnswers;
import com.partnerflow.signin.PartnerPrincipal;
import com.partnerflow.tasks.PartnerTaskService.Person;
import com.partnerflow.tasks.PartnerTaskService.TaskView;
import com.partnerflow.tasks.PartnerTasks.CatalogueEntry;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Partner tasks: my tasks, the summary, detail, complete, dismiss; for the lead: assign and change assignee. */
@RestController
@RequestMapping("/api/partner-tasks")
public class PartnerTaskController {

    private final PartnerTaskService service;

    public PartnerTaskController(PartnerTaskService service) {
        this.service = service;
    }

    public record NewTask(String taskKey, UUID assigneeUserId) {
    }

    /** {@code confirmation}: the word {@code confirm}, as everywhere ({@code api.ConfirmationWord}). */
    public record Completion(String confirmation) {
    }

    public record Dismissal(String reason) {
    }

    public record Assignee(UUID userId) {
    }

    /** My open tasks ({@code ?type=ACCOUNT|SOLUTION|PROGRAM}); the lead's {@code ?scope=account} lists the account's. */
    @GetMapping
    public List<TaskView> list(@AuthenticationPrincipal PartnerPrincipal caller,
                               @RequestParam(required = false) PartnerTaskType type,
                               @RequestParam(defaultValue = "mine") String scope) {
        return "account".equals(scope) ? service.accountTasks(caller, type) : service.myTasks(caller, type);
    }

    @GetMapping("/summary")
    public Map<PartnerTaskType, Long> summary(@AuthenticationPrincipal PartnerPrincipal caller) {
        return service.counts(caller);
    }

    @GetMapping("/catalogue")
    public List<CatalogueEntry> catalogue(@AuthenticationPrincipal PartnerPrincipal caller) {
        return service.catalogue(caller);
    }

    @GetMapping("/assignee-candidates")
    public List<Person> candidates(@AuthenticationPrincipal PartnerPrincipal caller,
                                   @RequestParam(defaultValue = "") String name) {
        return service.searchUsers(caller, name);
    }

    @ProblemAnswers({"400 unknown-task", "403 access-denied"})
    @PostMapping
    public ResponseEntity<TaskView> create(@AuthenticationPrincipal PartnerPrincipal caller, @RequestBody NewTask body,
                                           HttpServletRequest http) {
        return ResponseEntity.status(HttpStatus.CREATED).body(service.create(caller, body.taskKey(),
                body.assigneeUserId(), http.getRemoteAddr()));
    }

    @ProblemAnswers("404 task-not-found")
    @GetMapping("/{id}")
    public TaskView detail(@AuthenticationPrincipal PartnerPrincipal caller, @PathVariable UUID id) {
        return service.detail(caller, id);
    }

    @ProblemAnswers({"400 confirmation-required", "403 not-your-task", "404 task-not-found", "409 task-not-open"})
    @PostMapping("/{id}/completion")
    public TaskView complete(@AuthenticationPrincipal PartnerPrincipal caller, @PathVariable UUID id,
                             @RequestBody(required = false) Completion body) {
        return service.complete(caller, id, body == null ? null : body.confirmation());
    }

    @ProblemAnswers({"400 reason-required", "404 task-not-found", "409 lead-cannot-dismiss"})
    @PostMapping("/{id}/dismissal")
    public TaskView dismiss(@AuthenticationPrincipal PartnerPrincipal caller, @PathVariable UUID id,
                            @RequestBody(required = false) Dismissal body) {
        return service.dismiss(caller, id, body == null ? null : body.reason());
    }

    @ProblemAnswers({"400 assignee-not-found", "403 access-denied", "404 task-not-found"})
    @PutMapping("/{id}/assignee")
    public TaskView reassign(@AuthenticationPrincipal PartnerPrincipal caller, @PathVariable UUID id,
                             @RequestBody Assignee body) {
        return service.reassign(caller, id, body.userId());
    }
}

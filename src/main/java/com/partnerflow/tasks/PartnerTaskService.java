package com.partnerflow.tasks;

import static com.partnerflow.tasks.PartnerTaskProcess.ACTOR_USER_ID;
import static com.partnerflow.tasks.PartnerTaskProcess.NEW_ASSIGNEE_USER_ID;
import static com.partnerflow.tasks.PartnerTaskProcess.RETURN_REASON;

import com.partnerflow.api.ApiProblem;
import com.partnerflow.api.ConfirmationWord;
import com.partnerflow.audit.AuditLog;
import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.Permission;
import com.partnerflow.directory.Role;
import com.partnerflow.signin.PartnerPrincipal;
import com.partnerflow.tasks.PartnerTasks.CatalogueEntry;
import com.partnerflow.tasks.PartnerTasks.PartnerTask;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The partner API of partner tasks. A task is seen only by its assignee and by its account's
 * alliance lead; every query is bounded by the caller's account, and the database keeps the
 * assignee inside the task's account. Each change is a message to the task's partner-task
 * process (business key = task id), sent under a row lock on the task.
 */
@Service
public class PartnerTaskService {

    private final PartnerTasks tasks;
    private final PartnerDirectory directory;
    private final RuntimeService runtime;
    private final AuditLog audit;

    public PartnerTaskService(PartnerTasks tasks, PartnerDirectory directory, RuntimeService runtime, AuditLog audit) {
        this.tasks = tasks;
        this.directory = directory;
        this.runtime = runtime;
        this.audit = audit;
    }

    public record TaskView(UUID id, String taskKey, PartnerTaskType type, SolutionStage stage, String title,
                           String description, String status, Person assignee, String dismissReason,
                           Person dismissedBy, Instant createdAt, Instant completedAt) {
    }

    public record Person(UUID userId, String name, String email) {
    }

    @Transactional(readOnly = true)
    public List<CatalogueEntry> catalogue(PartnerPrincipal caller) {
        caller.require(Permission.ASSIGN_PARTNER_TASKS);
        return tasks.catalogue();
    }

    /** The lead assigns a task of the catalogue to a user of the account. */
    @Transactional
    public TaskView create(PartnerPrincipal caller, String taskKey, UUID assigneeId, String sourceAddress) {
        caller.require(Permission.ASSIGN_PARTNER_TASKS);
        CatalogueEntry entry = tasks.catalogueEntry(taskKey == null ? "" : taskKey).orElseThrow(() ->
                new ApiProblem(HttpStatus.BAD_REQUEST, "unknown-task", "No task '" + taskKey + "' in the catalogue."));
        PartnerUser assignee = activeUserOfAccount(caller, assigneeId);
        UUID id = UUID.randomUUID();
        tasks.insert(id, caller.accountId(), entry.taskKey(), assignee.id());
        runtime.startProcessInstanceByKey(PartnerTaskProcess.KEY, id.toString(),
                Map.of(PartnerTaskProcess.TASK_ID, id.toString()));
        audit.event("PartnerTaskAssigned").by(caller.email(), caller.userId()).account(caller.accountId())
                .target(assignee.email(), assignee.id()).from(sourceAddress).with("task", entry.taskKey())
                .with("taskId", id.toString()).record();
        return view(tasks.find(id).orElseThrow());
    }

    /** "My tasks": the caller's open tasks, of one type or all. */
    @Transactional(readOnly = true)
    public List<TaskView> myTasks(PartnerPrincipal caller, PartnerTaskType type) {
        return tasks.openTasksOf(caller.userId()).stream().filter(t -> type == null || t.type() == type)
                .map(this::view).toList();
    }

    /** The lead's Tasks page: every task of the account, of one type or all. */
    @Transactional(readOnly = true)
    public List<TaskView> accountTasks(PartnerPrincipal caller, PartnerTaskType type) {
        caller.require(Permission.ASSIGN_PARTNER_TASKS);
        return tasks.tasksOfAccount(caller.accountId()).stream().filter(t -> type == null || t.type() == type)
                .map(this::view).toList();
    }

    /** The home page's task summary: the caller's open tasks per type. */
    @Transactional(readOnly = true)
    public Map<PartnerTaskType, Long> counts(PartnerPrincipal caller) {
        Map<PartnerTaskType, Long> counts = new EnumMap<>(PartnerTaskType.class);
        for (PartnerTaskType type : PartnerTaskType.values()) {
            counts.put(type, 0L);
        }
        tasks.openTasksOf(caller.userId()).forEach(t -> counts.merge(t.type(), 1L, Long::sum));
        return counts;
    }

    @Transactional(readOnly = true)
    public TaskView detail(PartnerPrincipal caller, UUID taskId) {
        return view(visible(caller, tasks.find(taskId)));
    }

    /** The assignee has done the work and confirms it. */
    @Transactional
    public TaskView complete(PartnerPrincipal caller, UUID taskId, String confirmation) {
        PartnerTask task = visible(caller, tasks.lock(taskId));
        requireAssignee(caller, task);
        requireOpen(task);
        ConfirmationWord.require(confirmation,
                "Confirm that you have finished the task's work: send {\"confirmation\": \"confirm\"}.");
        correlate(task, PartnerTaskProcess.MSG_COMPLETED, Map.of(ACTOR_USER_ID, caller.userId().toString()));
        return view(tasks.find(taskId).orElseThrow());
    }

    /** A user other than the lead gives the task back to the lead with a reason. */
    @Transactional
    public TaskView dismiss(PartnerPrincipal caller, UUID taskId, String reason) {
        PartnerTask task = visible(caller, tasks.lock(taskId));
        requireAssignee(caller, task);
        requireOpen(task);
        if (caller.has(Role.ALLIANCE_LEAD)) {
            throw new ApiProblem(HttpStatus.CONFLICT, "lead-cannot-dismiss",
                    "Dismissed tasks go back to the alliance lead; as the lead, change the assignee instead.");
        }
        if (reason == null || reason.isBlank() || reason.length() > 1000) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "reason-required",
                    "Give a reason (up to 1000 characters) for your alliance lead to read.");
        }
        correlate(task, PartnerTaskProcess.MSG_DISMISSED,
                Map.of(ACTOR_USER_ID, caller.userId().toString(), RETURN_REASON, reason.strip()));
        return view(tasks.find(taskId).orElseThrow());
    }

    /** The lead changes the assignee of any open task, at any time. */
    @Transactional
    public TaskView reassign(PartnerPrincipal caller, UUID taskId, UUID newAssigneeId) {
        caller.require(Permission.ASSIGN_PARTNER_TASKS);
        PartnerTask task = visible(caller, tasks.lock(taskId));
        requireOpen(task);
        PartnerUser assignee = activeUserOfAccount(caller, newAssigneeId);
        correlate(task, PartnerTaskProcess.MSG_REASSIGNED, Map.of(ACTOR_USER_ID, caller.userId().toString(),
                NEW_ASSIGNEE_USER_ID, assignee.id().toString()));
        return view(tasks.find(taskId).orElseThrow());
    }

    /** "Change assignee" search: active users of the account whose name (or address) contains the text. */
    @Transactional(readOnly = true)
    public List<Person> searchUsers(PartnerPrincipal caller, String name) {
        caller.require(Permission.ASSIGN_PARTNER_TASKS);
        String needle = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return directory.usersOf(caller.accountId()).stream().filter(u -> "ACTIVE".equals(u.status()))
                .filter(u -> (u.firstName() + " " + u.lastName() + " " + u.email()).toLowerCase(Locale.ROOT)
                        .contains(needle))
                .map(u -> new Person(u.id(), u.firstName() + " " + u.lastName(), u.email()))
                .toList();
    }

    /** A removed user's open tasks go back to the lead (called inside the removing transaction). */
    @Transactional
    public void returnTasksOfRemovedUser(UUID userId, String removedUserEmail) {
        for (PartnerTask task : tasks.openTasksOf(userId)) {
            tasks.lock(task.id());
            correlate(task, PartnerTaskProcess.MSG_ASSIGNEE_REMOVED,
                    Map.of(RETURN_REASON, "The assignee " + removedUserEmail + " was removed."));
        }
    }

    private void correlate(PartnerTask task, String message, Map<String, Object> variables) {
        try {
            runtime.createMessageCorrelation(message).processInstanceBusinessKey(task.id().toString())
                    .setVariables(new HashMap<>(variables)).correlateWithResult();
        } catch (MismatchingMessageCorrelationException e) {
            throw new ApiProblem(HttpStatus.CONFLICT, "task-not-open", "This task is no longer open.");
        }
    }

    private PartnerTask visible(PartnerPrincipal caller, java.util.Optional<PartnerTask> found) {
        return found.filter(t -> t.accountId().equals(caller.accountId()))
                .filter(t -> t.assigneeUserId().equals(caller.userId()) || caller.has(Permission.ASSIGN_PARTNER_TASKS))
                .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "task-not-found", "No such task for you."));
    }

    private static void requireAssignee(PartnerPrincipal caller, PartnerTask task) {
        if (!task.assigneeUserId().equals(caller.userId())) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "not-your-task",
                    "Only the task's assignee completes or dismisses it; change the assignee first.");
        }
    }

    private static void requireOpen(PartnerTask task) {
        if (!task.isOpen()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "task-not-open", "This task is already completed.");
        }
    }

    private PartnerUser activeUserOfAccount(PartnerPrincipal caller, UUID userId) {
        return (userId == null ? java.util.Optional.<PartnerUser>empty() : directory.findUser(userId))
                .filter(u -> u.accountId().equals(caller.accountId()) && "ACTIVE".equals(u.status()))
                .orElseThrow(() -> new ApiProblem(HttpStatus.BAD_REQUEST, "assignee-not-found",
                        "The assignee must be an active user of your account."));
    }

    private TaskView view(PartnerTask t) {
        return new TaskView(t.id(), t.taskKey(), t.type(), t.stage(), t.title(), t.description(), t.status(),
                person(t.assigneeUserId()), t.dismissReason(), t.dismissedBy() == null ? null : person(t.dismissedBy()),
                t.createdAt(), t.completedAt());
    }

    private Person person(UUID userId) {
        return directory.findUser(userId).map(u -> new Person(u.id(), u.firstName() + " " + u.lastName(), u.email()))
                .orElse(new Person(userId, null, null));
    }
}

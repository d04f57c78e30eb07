package com.partnerflow.tasks;

import com.partnerflow.directory.PartnerDirectory;
import com.partnerflow.directory.PartnerUser;
import com.partnerflow.directory.UserRemoved;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Removing a user returns their open partner tasks to the alliance lead, in the removing transaction. */
@Component
public class ReturnTasksOfRemovedUsers {

    private final PartnerTaskService service;
    private final PartnerDirectory directory;

    public ReturnTasksOfRemovedUsers(PartnerTaskService service, PartnerDirectory directory) {
        this.service = service;
        this.directory = directory;
    }

    @EventListener
    public void onUserRemoved(UserRemoved event) {
        String email = directory.findUser(event.userId()).map(PartnerUser::email).orElse(event.userId().toString());
        service.returnTasksOfRemovedUser(event.userId(), email);
    }
}

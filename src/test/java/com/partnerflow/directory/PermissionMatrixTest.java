package com.partnerflow.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The guide's "Role comparison" table, row by row, as the guide prints it (x = allowed), against
 * {@link Permission}. Columns: lead, team, cloud admin, marketing, technical, ACE manager, ACE user.
 */
class PermissionMatrixTest {

    private static final List<Role> COLUMNS = List.of(Role.ALLIANCE_LEAD, Role.ALLIANCE_TEAM, Role.CLOUD_ADMIN,
            Role.MARKETING_STAFF, Role.TECHNICAL_STAFF, Role.ACE_MANAGER, Role.ACE_USER);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            REASSIGN_ALLIANCE_LEAD           | x......
            ASSIGN_STAFF_ROLES               | xxx....
            REMOVE_USERS                     | xxx....
            SUBMIT_ACE_OPPORTUNITIES         | xx...xx
            MANAGE_ALL_ACE_OPPORTUNITIES     | xx...x.
            MANAGE_OWNED_ACE_OPPORTUNITIES   | xx..xxx
            MANAGE_SOLUTIONS_FINDER_LISTING  | xxxx...
            ACCESS_CERTIFICATION_DATA        | xxx.x..
            APPLY_TO_COMPETENCY_PROGRAM      | xx..x..
            MANAGE_OFFERINGS                 | xx.xx..
            BUILD_WELL_ARCHITECTED_WORKLOADS | xx..x..
            BUILD_CASE_STUDIES               | xx.x...
            USE_MARKETING_TOOLKIT            | xx.....
            MANAGE_PUBLIC_REFERENCES         | xx.....
            ACCESS_BADGE_MANAGER             | xx.x...
            MANAGE_PROGRAM_APPLICATIONS      | xx.xx..
            """)
    void theGuidesTableRow(Permission permission, String row) {
        EnumSet<Role> expected = EnumSet.noneOf(Role.class);
        for (int i = 0; i < COLUMNS.size(); i++) {
            if (row.charAt(i) == 'x') {
                expected.add(COLUMNS.get(i));
            }
        }
        assertThat(permission.grantedTo()).isEqualTo(expected);
        // the table leaves out standard users (and channel users hold no row of it)
        assertThat(permission.isGrantedToAnyOf(List.of(Role.STANDARD_USER, Role.CHANNEL_USER))).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"ALLIANCE_TEAM, ASSIGN_ALLIANCE_TEAM", "CLOUD_ADMIN, ASSIGN_CLOUD_ADMIN",
            "ACE_MANAGER, ASSIGN_STAFF_ROLES", "TECHNICAL_STAFF, ASSIGN_STAFF_ROLES",
            "ALLIANCE_LEAD, REASSIGN_ALLIANCE_LEAD"})
    void assigningARoleNeedsThePermissionOfTheDomainPage(Role role, Permission needed) {
        assertThat(Permission.toAssign(role)).isEqualTo(needed);
    }

    @ParameterizedTest
    @CsvSource({"REQUEST_ALLIANCE_LEAD_CHANGE", "MANAGE_OWN_PROFILE", "OPEN_SUPPORT_CASES"})
    void everyUserMayEvenWithoutRoles(Permission permission) {
        assertThat(permission.isForEveryUser()).isTrue();
        assertThat(permission.isGrantedToAnyOf(List.of())).isTrue();
    }
}

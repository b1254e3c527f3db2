package dev.freshet.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Matching keys to roles, and the keys refused at startup. */
class ApiKeysTest {

    private static final String ADMIN = "admin-0123456789abcdef";
    private static final String OPERATOR_OLD = "operator-0123456789abcdef";
    private static final String OPERATOR_NEW = "operator-fedcba9876543210";

    private final ApiKeys keys = new ApiKeys(Map.of(Roles.ADMIN, List.of(ADMIN),
            Roles.OPERATOR, List.of(OPERATOR_OLD, " " + OPERATOR_NEW + " "), Roles.READER, List.of()));

    @Test
    void eachKeyGivesTheRoleItWasConfiguredForAndNamesItsHolderWithoutTheKey() {
        assertThat(keys.holder(ADMIN)).contains(new ApiKeys.Holder("admin-key-1", Roles.ADMIN));
        assertThat(keys.holder(OPERATOR_OLD)).contains(new ApiKeys.Holder("operator-key-1", Roles.OPERATOR));
        // Two keys for one role: one can be rotated out while the other works; blanks around a key do not count.
        assertThat(keys.holder(OPERATOR_NEW)).contains(new ApiKeys.Holder("operator-key-2", Roles.OPERATOR));
        assertThat(keys.countByRole()).containsEntry(Roles.ADMIN, 1L).containsEntry(Roles.OPERATOR, 2L)
                .containsEntry(Roles.READER, 0L);
    }

    @Test
    void anUnknownKeyOrAPrefixOfAKnownOneHasNoHolder() {
        assertThat(keys.holder("someone-elses-key-123456")).isEmpty();
        assertThat(keys.holder(ADMIN.substring(0, ADMIN.length() - 1))).isEmpty();
        assertThat(keys.holder("")).isEmpty();
        assertThat(new ApiKeys(Map.of()).holder(ADMIN)).isEmpty();
    }

    @Test
    void aShortKeyOrOneGivenToTwoRolesIsRefusedNamingItsSetting() {
        assertThatThrownBy(() -> new ApiKeys(Map.of(Roles.ADMIN, List.of("pa55word-xy"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("freshet.security.api-keys.admin").hasMessageContaining("11 characters")
                .hasMessageContaining("at least 16").hasMessageNotContaining("pa55word"); // never the key itself
        assertThatThrownBy(() -> new ApiKeys(Map.of(Roles.ADMIN, List.of(ADMIN), Roles.READER, List.of(ADMIN))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("give each role its own keys");
    }
}

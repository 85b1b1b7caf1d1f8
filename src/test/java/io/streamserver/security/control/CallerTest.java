package io.streamserver.security.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallerTest {

    @Test
    void anOwnerSeesOnlyItsOwnJobs() {
        Caller alice = new Caller("alice", false);
        assertTrue(alice.mayAccess("alice"));
        assertFalse(alice.mayAccess("bob"));
        assertFalse(alice.mayAccess(null), "a job from before authentication was turned on belongs to nobody");
    }

    @Test
    void anAdminSeesEveryJob() {
        Caller admin = new Caller("root", true);
        assertTrue(admin.mayAccess("alice"));
        assertTrue(admin.mayAccess(null));
    }

    @Test
    void withAuthenticationOffEverybodySeesEverything() {
        assertTrue(Caller.ANYONE.mayAccess("alice"));
        assertFalse(Caller.ANYONE.authenticated());
    }
}

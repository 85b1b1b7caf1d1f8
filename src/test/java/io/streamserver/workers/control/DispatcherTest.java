package io.streamserver.workers.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A worker slot is one running encoder. */
class DispatcherTest {

    private static Dispatcher withWorkers(int workers) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.configuredWorkers = workers;
        return dispatcher;
    }

    @Test
    void aLadderTakesASlotPerRendition() {
        assertEquals(1, withWorkers(4).slotsFor(1));
        assertEquals(3, withWorkers(4).slotsFor(3));
        assertEquals(3, withWorkers(2).slotsFor(3), "more than the server has: it runs alone");
    }

    @Test
    void noWorkersConfiguredMeansOnePerCore() {
        assertEquals(Runtime.getRuntime().availableProcessors(), withWorkers(0).workers());
    }
}

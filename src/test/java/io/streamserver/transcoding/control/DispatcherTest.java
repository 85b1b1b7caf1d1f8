package io.streamserver.transcoding.control;

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
    void aLadderTakesASlotPerRenditionUpToAllOfThem() {
        assertEquals(1, withWorkers(4).slotsFor(1));
        assertEquals(3, withWorkers(4).slotsFor(3));
        assertEquals(2, withWorkers(2).slotsFor(3), "its rungs take turns on the server's two slots");
    }

    @Test
    void noWorkersConfiguredMeansOnePerCore() {
        assertEquals(Math.min(3, Runtime.getRuntime().availableProcessors()), withWorkers(0).slotsFor(3));
    }
}

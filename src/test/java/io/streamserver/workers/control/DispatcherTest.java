package io.streamserver.workers.control;

import org.junit.jupiter.api.Test;

import java.util.Map;

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
    void aClaimsSlotsAreFreeOnceItsLastEncoderHasExitedNotWhenItsBatchJobEnds() {
        Dispatcher dispatcher = withWorkers(4);
        dispatcher.holdSlots("single", 1, 1);
        dispatcher.holdSlots("ladder", 1, 3);
        assertEquals(4, dispatcher.slotsInUse());

        dispatcher.encoderExited("ladder", 1);
        dispatcher.encoderExited("ladder", 1);
        assertEquals(4, dispatcher.slotsInUse(), "one of the ladder's encoders still runs");
        dispatcher.encoderExited("ladder", 1);
        assertEquals(1, dispatcher.slotsInUse());
        assertEquals(Map.of("single", 1L, "ladder", 1L), dispatcher.claims(), "the ladder's claim stays until its batch job ends");

        dispatcher.encoderExited("single", 2);
        assertEquals(1, dispatcher.slotsInUse(), "another claim's encoder frees nothing of this one");
        dispatcher.encoderExited("single", 1);
        assertEquals(0, dispatcher.slotsInUse());
    }

    @Test
    void noWorkersConfiguredMeansOnePerCore() {
        assertEquals(Runtime.getRuntime().availableProcessors(), withWorkers(0).workers());
    }
}

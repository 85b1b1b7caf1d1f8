package io.streamserver.jobs.entity;

import io.streamserver.media.entity.EncodingSettings;
import io.streamserver.media.entity.InvalidParameterException;
import io.streamserver.media.entity.Loudness;
import io.streamserver.media.entity.Rendition;
import io.streamserver.media.entity.SourceAudio;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TranscodeJobTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(15);

    private static TranscodeJob pendingJob(double sourceSeconds) {
        return new TranscodeJob("track-1", EncodingSettings.of(null, null, null), Priority.NORMAL,
                new SourceAudio("wav", "pcm_s16le", sourceSeconds, 44_100, 2, 16), "upload.wav");
    }

    private static TranscodeJob processingJob(double sourceSeconds) {
        TranscodeJob job = pendingJob(sourceSeconds);
        job.claim("node-a", NOW, LEASE);
        job.start(7);
        return job;
    }

    private static TranscodeJob completedJob() {
        TranscodeJob job = processingJob(12);
        job.recordSegment(1, "segment_00001.ts", 6);
        job.recordSegment(2, "segment_00002.ts", 6);
        job.complete();
        return job;
    }

    private static TranscodeJob failedJob() {
        TranscodeJob job = processingJob(12);
        job.fail("ffmpeg exited with 1");
        return job;
    }

    @Nested
    class Creation {

        @Test
        void aNewJobIsPendingWithoutProgressOrStartTime() {
            TranscodeJob job = pendingJob(60);

            assertEquals(JobStatus.Pending, job.status());
            assertEquals(0, job.progress());
            assertNotNull(job.createdAt());
            assertNull(job.startedAt());
            assertNull(job.completedAt());
            assertNull(job.executionId());
            assertTrue(job.segments().isEmpty());
            assertEquals(0, job.lastSegmentSequence());
        }

        @Test
        void aNewJobHasItsOwnUuid() {
            TranscodeJob job = pendingJob(60);

            assertEquals(job.id(), UUID.fromString(job.id()).toString());
            assertNotEquals(job.id(), pendingJob(60).id());
        }

        @Test
        void aNewJobRefusesAnInvalidTrackId() {
            InvalidParameterException e = assertThrows(InvalidParameterException.class,
                    () -> new TranscodeJob("../etc", EncodingSettings.of(null, null, null), Priority.NORMAL,
                            new SourceAudio("wav", "pcm_s16le", 1, 44_100, 2, 16), "upload.wav"));
            assertEquals("track_id", e.parameter());
        }
    }

    /** With authentication on, a job belongs to the token subject that submitted it, for good. */
    @Nested
    class Owner {

        @Test
        void aJobIsOwnedByItsSubmitter() {
            assertEquals("alice", pendingJob(10).ownedBy("alice").owner());
        }

        @Test
        void withAuthenticationOffNobodyOwnsIt() {
            assertNull(pendingJob(10).ownedBy(null).owner());
        }

        @Test
        void theOwnerNeverChanges() {
            TranscodeJob job = pendingJob(10).ownedBy("alice");
            assertThrows(IllegalStateException.class, () -> job.ownedBy("mallory"));
            assertEquals("alice", job.owner());
        }

        @Test
        void aJobTakenForProcessingGetsNoOwner() {
            assertThrows(IllegalStateException.class, () -> processingJob(10).ownedBy("mallory"));
        }

        @Test
        void aBlankOwnerIsRefused() {
            assertThrows(IllegalArgumentException.class, () -> pendingJob(10).ownedBy(" "));
        }
    }

    @Nested
    class ClaimAndStart {

        @Test
        void claimingMovesAPendingJobToProcessingOnThatInstance() {
            TranscodeJob job = pendingJob(60);

            job.claim("node-a", NOW, LEASE);

            assertEquals(JobStatus.Processing, job.status());
            assertEquals("node-a", job.claimedBy());
            assertNotNull(job.startedAt());
        }

        @Test
        void aJobCanBeClaimedOnlyWhilePendingOrOnceItsLeaseExpired() {
            TranscodeJob job = processingJob(60);

            assertThrows(IllegalTransitionException.class, () -> job.claim("node-b", NOW.plus(LEASE), LEASE));
            assertEquals("node-a", job.claimedBy());
            assertThrows(IllegalTransitionException.class, () -> completedJob().claim("node-b", NOW.plusSeconds(60), LEASE));
        }

        @Test
        void startingRecordsTheBatchExecution() {
            TranscodeJob job = pendingJob(60);
            job.claim("node-a", NOW, LEASE);

            assertTrue(job.start(42));

            assertEquals(42L, job.executionId());
        }

        @Test
        void aRestartTakesTheNewExecutionAndKeepsTheFirstStartTime() {
            TranscodeJob job = processingJob(60);
            Instant firstStart = job.startedAt();

            job.start(43);

            assertEquals(43L, job.executionId());
            assertEquals(firstStart, job.startedAt());
        }

        @Test
        void anUnclaimedJobCannotStart() {
            assertThrows(IllegalTransitionException.class, () -> pendingJob(60).start(8));
        }

        @Test
        void aJobCancelledBeforeItsExecutionBeganDoesNotStart() {
            TranscodeJob job = pendingJob(60);
            job.claim("node-a", NOW, LEASE);
            job.cancel();

            assertFalse(job.start(8));
            assertEquals(JobStatus.Cancelled, job.status());
        }

        @Test
        void aCompletedJobCannotStart() {
            TranscodeJob job = completedJob();

            assertThrows(IllegalStateException.class, () -> job.start(8));
            assertEquals(JobStatus.Completed, job.status());
        }
    }

    @Nested
    class CancelRetryRequeue {

        @ParameterizedTest
        @ValueSource(booleans = {false, true})
        void aPendingOrProcessingJobCanBeCancelled(boolean processing) {
            TranscodeJob job = processing ? processingJob(60) : pendingJob(60);

            assertTrue(job.cancel());

            assertEquals(JobStatus.Cancelled, job.status());
            assertNotNull(job.completedAt());
        }

        @Test
        void cancellingTwiceChangesNothing() {
            TranscodeJob job = pendingJob(60);
            job.cancel();
            Instant cancelledAt = job.completedAt();

            assertFalse(job.cancel());

            assertEquals(JobStatus.Cancelled, job.status());
            assertEquals(cancelledAt, job.completedAt());
        }

        @Test
        void aJobThatIsDoneWithCanBeDiscardedAndNamesTheUploadToDelete() {
            assertEquals("upload.wav", failedJob().discard(NOW));
            assertEquals("upload.wav", completedJob().discard(NOW));
            TranscodeJob cancelled = pendingJob(60);
            cancelled.cancel();
            assertEquals("upload.wav", cancelled.discard(NOW));
        }

        @Test
        void aQueuedRunningOrStillStoppingJobCannotBeDiscarded() {
            assertThrows(IllegalTransitionException.class, () -> pendingJob(60).discard(NOW));
            assertThrows(IllegalTransitionException.class, () -> processingJob(60).discard(NOW));
            TranscodeJob stopping = processingJob(60);
            stopping.cancel();
            assertThrows(IllegalTransitionException.class, () -> stopping.discard(NOW),
                    "its holder may still be writing into its folder");
            assertEquals("upload.wav", stopping.discard(NOW.plus(LEASE).plusSeconds(1)), "once its lease has run out");
        }

        @Test
        void aCompletedJobCannotBeCancelled() {
            assertThrows(IllegalTransitionException.class, () -> completedJob().cancel());
        }

        @Test
        void aFailedJobRetriesWithItsSegmentsAndProgress() {
            TranscodeJob job = processingJob(12);
            job.recordSegment(1, "segment_00001.ts", 6);
            job.fail("disk full");
            double progress = job.progress();

            job.retry();

            assertEquals(JobStatus.Pending, job.status());
            assertNull(job.error());
            assertNull(job.completedAt());
            assertNull(job.leaseExpiresAt());
            assertFalse(job.isHeldBy("node-a", job.epoch()), "the failed run's claim no longer holds");
            assertEquals(1, job.lastSegmentSequence());
            assertEquals(progress, job.progress());
        }

        @Test
        void aCancelledJobCanBeRetried() {
            TranscodeJob job = pendingJob(60);
            job.cancel();

            job.retry();

            assertEquals(JobStatus.Pending, job.status());
        }

        @Test
        void aJobWhoseUploadWasReleasedCannotBeRetried() {
            TranscodeJob job = pendingJob(60);
            job.cancel();

            job.releaseSource();

            assertNull(job.sourceFile());
            IllegalTransitionException e = assertThrows(IllegalTransitionException.class, job::retry);
            assertTrue(e.getMessage().contains("STREAM_RETENTION"), e.getMessage());
            assertThrows(IllegalTransitionException.class, () -> completedJob().releaseSource());
            assertThrows(IllegalTransitionException.class, () -> pendingJob(60).releaseSource());
        }

        @Test
        void theSegmentLengthIsRecordedOnceAtSubmission() {
            TranscodeJob job = pendingJob(60);
            assertNull(job.segmentSeconds(), "as in a row from before it was recorded");

            assertEquals(4, job.segmentedEvery(4).segmentSeconds());
            assertThrows(IllegalTransitionException.class, () -> job.segmentedEvery(6));
        }

        @Test
        void aPendingOrCompletedJobCannotBeRetried() {
            assertThrows(IllegalTransitionException.class, () -> pendingJob(60).retry());
            assertThrows(IllegalTransitionException.class, () -> completedJob().retry());
        }

        @Test
        void aProcessingJobWhoseServerStoppedGoesBackToTheQueue() {
            TranscodeJob job = processingJob(60);

            job.requeue();

            assertEquals(JobStatus.Pending, job.status());
            assertEquals("node-a", job.claimedBy(), "the instance that last held it");
            assertNull(job.leaseExpiresAt());
            assertThrows(LeaseLostException.class, () -> job.heldBy("node-a", 1));
            assertNotNull(job.startedAt());
        }

        @Test
        void onlyAProcessingJobIsRequeued() {
            assertThrows(IllegalTransitionException.class, () -> pendingJob(60).requeue());
        }
    }

    @Nested
    class Segments {

        @Test
        void aPendingJobCannotRecordASegment() {
            TranscodeJob job = pendingJob(60);

            assertThrows(IllegalStateException.class, () -> job.recordSegment(1, "segment_00001.ts", 6));
            assertTrue(job.segments().isEmpty());
        }

        @Test
        void aRecordedSegmentCarriesItsFileAndDuration() {
            TranscodeJob job = processingJob(60);

            Segment segment = job.recordSegment(1, "segment_00001.ts", 6.006).orElseThrow();

            assertEquals(1, segment.sequence());
            assertEquals("segment_00001.ts", segment.fileName());
            assertEquals(6.006, segment.durationSeconds());
            assertEquals(1, job.lastSegmentSequence());
        }

        @Test
        void aRepeatedSequenceIsIgnored() {
            TranscodeJob job = processingJob(60);
            job.recordSegment(1, "segment_00001.ts", 6);
            double progress = job.progress();

            assertTrue(job.recordSegment(1, "segment_00001.ts", 6).isEmpty());

            assertEquals(1, job.lastSegmentSequence());
            assertEquals(progress, job.progress());
        }

        @Test
        void theSegmentListCannotBeChangedFromOutside() {
            TranscodeJob job = processingJob(60);
            job.recordSegment(1, "segment_00001.ts", 6);

            assertThrows(UnsupportedOperationException.class, () -> job.segments().clear());
        }
    }

    @Nested
    class Progress {

        @Test
        void progressIsTheShareOfTheSourceThatRecordedSegmentsCover() {
            TranscodeJob job = processingJob(60);

            job.recordSegment(1, "segment_00001.ts", 6);
            assertEquals(10.0, job.progress());

            job.recordSegment(2, "segment_00002.ts", 6);
            assertEquals(20.0, job.progress());
        }

        @Test
        void progressIsRoundedToOneDecimal() {
            TranscodeJob job = processingJob(30);

            job.recordSegment(1, "segment_00001.ts", 1);

            assertEquals(3.3, job.progress());
        }

        @Test
        void progressStaysBelow100WhileSegmentsCoverTheWholeSource() {
            TranscodeJob job = processingJob(12);

            job.recordSegment(1, "segment_00001.ts", 6);
            job.recordSegment(2, "segment_00002.ts", 6);
            job.recordSegment(3, "segment_00003.ts", 0.5);

            assertTrue(job.progress() < 100, "progress was " + job.progress());
            assertEquals(99.9, job.progress());
        }

        @Test
        void progressIsKeptWhenTheJobStopsRunningAndWhenItRunsAgain() {
            TranscodeJob job = processingJob(60);
            job.recordSegment(1, "segment_00001.ts", 6);

            job.cancel();
            assertEquals(10.0, job.progress());
            job.retry();
            assertEquals(10.0, job.progress());
            job.claim("node-b", NOW, LEASE);
            assertEquals(10.0, job.progress());
        }

        @Test
        void aRequeuedJobKeepsItsProgress() {
            TranscodeJob job = processingJob(60);
            job.recordSegment(1, "segment_00001.ts", 12);

            job.requeue();

            assertEquals(20.0, job.progress());
        }

        /** The cost of a segment must not grow with the job: the earlier segments are never even looked at. */
        @Test
        void recordingTheThousandthSegmentNeverReadsTheEarlierOnes() throws ReflectiveOperationException {
            TranscodeJob job = processingJob(6000);
            Field segments = TranscodeJob.class.getDeclaredField("segments");
            segments.setAccessible(true);
            segments.set(job, new java.util.AbstractList<Segment>() {
                @Override
                public Segment get(int index) {
                    throw new AssertionError("the earlier segments were read");
                }

                @Override
                public int size() {
                    throw new AssertionError("the earlier segments were counted");
                }
            });

            for (int sequence = 1; sequence <= 1000; sequence++) {
                assertTrue(job.recordSegment(sequence, String.format("segment_%05d.ts", sequence), 6).isPresent());
            }
            assertEquals(1000, job.lastSegmentSequence());
            assertEquals(99.9, job.progress(), "6000 s of 6000: done but for completion");
        }
    }

    @Nested
    class Completion {

        @Test
        void completingAProcessingJobWithSegmentsReaches100() {
            TranscodeJob job = processingJob(12);
            job.recordSegment(1, "segment_00001.ts", 6);

            job.complete();

            assertEquals(JobStatus.Completed, job.status());
            assertEquals(100, job.progress());
            assertNotNull(job.completedAt());
        }

        @Test
        void aJobWithoutSegmentsCannotComplete() {
            TranscodeJob job = processingJob(12);

            assertThrows(IllegalStateException.class, job::complete);
            assertEquals(JobStatus.Processing, job.status());
            assertTrue(job.progress() < 100);
        }

        @Test
        void aPendingJobCannotComplete() {
            TranscodeJob job = pendingJob(12);

            assertThrows(IllegalStateException.class, job::complete);
            assertEquals(JobStatus.Pending, job.status());
        }

        @Test
        void aCompletedJobCannotCompleteAgain() {
            TranscodeJob job = completedJob();

            assertThrows(IllegalStateException.class, job::complete);
        }

        @Test
        void aFailedJobCannotComplete() {
            TranscodeJob job = failedJob();

            assertThrows(IllegalStateException.class, job::complete);
            assertEquals(JobStatus.Failed, job.status());
        }

        @Test
        void aCompletedJobCannotRecordASegment() {
            TranscodeJob job = completedJob();

            assertThrows(IllegalStateException.class, () -> job.recordSegment(3, "segment_00003.ts", 6));
            assertEquals(2, job.lastSegmentSequence());
        }
    }

    @Nested
    class Failure {

        @Test
        void aPendingJobCanFailWithItsReason() {
            TranscodeJob job = pendingJob(12);

            job.fail("the upload vanished");

            assertEquals(JobStatus.Failed, job.status());
            assertEquals("the upload vanished", job.error());
            assertNotNull(job.completedAt());
        }

        @Test
        void aProcessingJobCanFail() {
            TranscodeJob job = processingJob(12);
            job.recordSegment(1, "segment_00001.ts", 6);

            job.fail("ffmpeg exited with 1");

            assertEquals(JobStatus.Failed, job.status());
            assertEquals("ffmpeg exited with 1", job.error());
        }

        @Test
        void theReasonIsStripped() {
            TranscodeJob job = processingJob(12);

            job.fail("  ffmpeg exited with 1\n");

            assertEquals("ffmpeg exited with 1", job.error());
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {" \n "})
        void aMissingReasonIsReplacedByAGenericOne(String reason) {
            TranscodeJob job = processingJob(12);

            job.fail(reason);

            assertEquals("transcoding failed", job.error());
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 500})
        void aLongerReasonIsTruncatedToTheColumnLength(int excess) {
            TranscodeJob job = processingJob(12);
            String reason = "x".repeat(TranscodeJob.MAX_ERROR_LENGTH) + "y".repeat(excess);

            job.fail(reason);

            assertEquals("x".repeat(TranscodeJob.MAX_ERROR_LENGTH), job.error());
        }

        @Test
        void aReasonOfExactlyTheColumnLengthIsKeptWhole() {
            TranscodeJob job = processingJob(12);
            String reason = "z".repeat(TranscodeJob.MAX_ERROR_LENGTH);

            job.fail(reason);

            assertEquals(reason, job.error());
        }

        @Test
        void aCompletedJobCannotFail() {
            TranscodeJob job = completedJob();

            assertThrows(IllegalStateException.class, () -> job.fail("too late"));
            assertEquals(JobStatus.Completed, job.status());
            assertNull(job.error());
        }

        @Test
        void aFailedJobCannotFailAgain() {
            TranscodeJob job = failedJob();

            assertThrows(IllegalStateException.class, () -> job.fail("again"));
            assertEquals("ffmpeg exited with 1", job.error());
        }

        @Test
        void aFailedJobCannotRecordASegment() {
            TranscodeJob job = failedJob();

            assertThrows(IllegalStateException.class, () -> job.recordSegment(1, "segment_00001.ts", 6));
        }
    }

    @Nested
    class OutputRetention {

        @Test
        void aCompletedJobKeepsItsOutputUntilItExpires() {
            TranscodeJob job = completedJob();
            assertFalse(job.outputExpired());

            job.expireOutput();

            assertTrue(job.outputExpired());
            assertEquals(JobStatus.Completed, job.status());
        }

        @Test
        void onlyACompletedJobsOutputCanExpire() {
            assertThrows(IllegalStateException.class, () -> processingJob(12).expireOutput());
            assertThrows(IllegalStateException.class, () -> failedJob().expireOutput());
            assertThrows(IllegalStateException.class, () -> pendingJob(12).expireOutput());
        }
    }

    @Test
    void theCreationTimeKeepsMillisecondsOnlySoThatEveryDatabaseStoresItExactly() {
        assertEquals(0, pendingJob(12).createdAt().getNano() % 1_000_000);
    }

    @Nested
    class Ladder {

        private TranscodeJob ladderJob() {
            List<Rendition> ladder = Rendition.parseLadder("aac:low,flac:hi_res", null);
            TranscodeJob job = new TranscodeJob("track-1", ladder.get(0).settings(), ladder, -14.0, Priority.NORMAL,
                    new SourceAudio("wav", "pcm_s16le", 12, 44_100, 2, 16), "upload.wav");
            job.claim("node-a", NOW, LEASE);
            job.start(7);
            return job;
        }

        @Test
        void aSegmentIsRecordedUnderItsRenditionWithItsSize() {
            TranscodeJob job = ladderJob();

            Segment segment = job.recordSegment("flac_hi_res", 1, "flac_hi_res_00001.m4s", 6, 900_000).orElseThrow();

            assertEquals(1, job.lastSegmentSequence("flac_hi_res"));
            assertEquals(0, job.lastSegmentSequence("aac_low"));
            assertEquals("flac_hi_res", segment.rendition());
            assertEquals("flac_hi_res_00001.m4s", segment.fileName());
            assertEquals(900_000, segment.bytes());
        }

        @Test
        void progressIsTheShareOfAllRenditionsOutputAndNeverGoesDown() {
            TranscodeJob job = ladderJob();
            job.recordSegment("aac_low", 1, "aac_low_00001.ts", 6, 1);
            assertEquals(25.0, job.progress());
            job.recordSegment("aac_low", 2, "aac_low_00002.ts", 6, 1);
            assertEquals(50.0, job.progress());
            job.recordSegment("flac_hi_res", 1, "flac_hi_res_00001.m4s", 6, 1);
            assertEquals(75.0, job.progress());
        }

        @Test
        void aLadderCompletesOnlyWhenEveryRenditionHasSegments() {
            TranscodeJob job = ladderJob();
            job.recordSegment("aac_low", 1, "aac_low_00001.ts", 12, 1);
            assertThrows(IllegalStateException.class, job::complete);
            job.recordSegment("flac_hi_res", 1, "flac_hi_res_00001.m4s", 12, 1);
            job.complete();
            assertEquals(JobStatus.Completed, job.status());
        }

        @Test
        void anUnknownRenditionIsRefused() {
            TranscodeJob job = ladderJob();
            assertThrows(IllegalArgumentException.class, () -> job.recordSegment("high", 1, "high_00001.ts", 6, 1));
        }

        @Test
        void aJobWithoutALadderHasItsOneRendition() {
            TranscodeJob job = processingJob(12);
            assertFalse(job.hasLadder());
            assertEquals(List.of(Rendition.SINGLE), job.renditions().stream().map(Rendition::name).toList());
        }

        @Test
        void measuredAndNormalisedLoudnessAreKept() {
            TranscodeJob job = ladderJob();
            job.measured(new Loudness(-21.0, -21.0, 0.0, -31.0, 0.0));
            job.normalised(new Loudness(-14.0, -14.0, 0.0, -24.0, 0.0));
            assertEquals(-21.0, job.sourceLoudness().integratedLufs());
            assertEquals(-14.0, job.outputLoudness().integratedLufs());
        }

        @Test
        void withoutATargetThereIsNoNormalisedLoudness() {
            TranscodeJob job = processingJob(12);
            assertThrows(IllegalStateException.class, () -> job.normalised(new Loudness(-14.0, -14.0, 0.0, -24.0, 0.0)));
        }
    }

    @Nested
    class LeasesAndFencing {

        @Test
        void eachClaimHasAGreaterEpochAndALease() {
            TranscodeJob job = pendingJob(60);

            assertEquals(1, job.claim("node-a", NOW, LEASE));
            assertEquals(NOW.plus(LEASE), job.leaseExpiresAt());
            job.requeue();
            assertEquals(2, job.claim("node-b", NOW.plusSeconds(1), LEASE));
            assertTrue(job.isHeldBy("node-b", 2));
            assertFalse(job.isHeldBy("node-a", 1));
        }

        @Test
        void aJobWhoseLeaseExpiredIsTakenOverAndItsFormerHoldersWritesAreRefused() {
            TranscodeJob job = processingJob(12);
            assertFalse(job.isClaimable(NOW.plus(LEASE)), "the lease still stands at its last instant");

            long epoch = job.claim("node-b", NOW.plus(LEASE).plusMillis(1), LEASE);

            assertEquals(2, epoch);
            assertEquals(JobStatus.Processing, job.status());
            assertEquals(NOW, job.startedAt(), "the first start stays");
            assertThrows(LeaseLostException.class, () -> job.heldBy("node-a", 1).recordSegment(1, "segment_00001.ts", 6));
            assertThrows(LeaseLostException.class, () -> job.renewLease("node-a", 1, NOW.plusSeconds(60)));
            assertEquals(0, job.lastSegmentSequence());
            assertTrue(job.heldBy("node-b", 2).recordSegment(1, "segment_00001.ts", 6).isPresent());
            assertEquals(1, job.lastSegmentSequence());
        }

        @Test
        void theSameInstanceNameUnderAnOlderEpochIsFencedToo() {
            TranscodeJob job = processingJob(12);
            job.requeue();
            job.claim("node-a", NOW.plusSeconds(1), LEASE);

            assertThrows(LeaseLostException.class, () -> job.heldBy("node-a", 1));
            assertEquals(job, job.heldBy("node-a", 2));
        }

        @Test
        void renewingExtendsTheLease() {
            TranscodeJob job = processingJob(12);

            job.renewLease("node-a", 1, NOW.plusSeconds(20));

            assertEquals(NOW.plusSeconds(20), job.leaseExpiresAt());
            assertFalse(job.isClaimable(NOW.plusSeconds(19)));
            assertTrue(job.isClaimable(NOW.plusSeconds(21)));
        }

        @Test
        void aLegacyProcessingJobWithoutALeaseIsClaimable() {
            TranscodeJob job = processingJob(12);
            job.renewLease("node-a", 1, null);

            assertTrue(job.isClaimable(NOW));
        }

        @Test
        void aCancelAwaitsItsHoldersReleaseUntilTheLeaseRunsOut() {
            TranscodeJob job = processingJob(12);
            job.cancel();

            assertTrue(job.wasCancelledUnder("node-a", 1));
            assertFalse(job.wasCancelledUnder("node-b", 1));
            assertTrue(job.awaitsRelease(NOW.plusSeconds(1)));
            assertFalse(job.awaitsRelease(NOW.plus(LEASE)), "a dead holder's lease runs out");
            job.release("node-b", 1);
            assertTrue(job.awaitsRelease(NOW.plusSeconds(1)), "only the holder releases");

            job.release("node-a", 1);

            assertFalse(job.awaitsRelease(NOW.plusSeconds(1)));
            assertEquals(JobStatus.Cancelled, job.status());
        }

        @Test
        void aCancelledQueuedJobAwaitsNobody() {
            TranscodeJob job = pendingJob(12);
            job.cancel();

            assertFalse(job.awaitsRelease(NOW));
        }
    }
}

package com.adaudit;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adaudit.admission.FirstSeenFilter;
import com.adaudit.claims.Claim;
import com.adaudit.claims.ImpressionEvidence;
import com.adaudit.claims.SpendEvidence;
import com.adaudit.contracts.Contract;
import com.adaudit.events.Click;
import com.adaudit.events.DeadLetter;
import com.adaudit.events.Governance;
import com.adaudit.events.Impression;
import com.adaudit.events.LateEvent;
import com.adaudit.events.Origin;
import com.adaudit.events.PageView;
import com.adaudit.events.RawRecord;
import com.adaudit.events.VendorReport;
import com.adaudit.replay.ReplayOutput;
import com.adaudit.rules.BounceFigures;
import com.adaudit.rules.CampaignWindowKey;
import com.adaudit.rules.Flag;
import com.adaudit.rules.PeriodRevision;
import com.adaudit.rules.PriceFigures;
import com.adaudit.rules.ReportFigures;
import com.adaudit.rules.RuleTerms;
import com.adaudit.rules.RunKey;
import com.adaudit.rules.RunWindow;
import com.adaudit.rules.SourceKey;
import com.adaudit.rules.WindowKey;
import com.adaudit.rules.WindowVerdict;
import com.adaudit.rules.bounce.BounceTally;
import com.adaudit.rules.bounce.BounceTallyAggregate;
import com.adaudit.rules.bounce.SessionOutcome;
import com.adaudit.rules.gap.GapInput;
import com.adaudit.rules.gap.ImpressionTally;
import com.adaudit.rules.underpriced.ClickTally;
import com.adaudit.rules.underpriced.ClickTallyAggregate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every type that crosses operators or sits in state is a Flink POJO: no Kryo fallback. */
class SerializationTest {

    /** What travels between operators or sits in state as it came. */
    static Stream<Class<?>> travellingTypes() {
        return Stream.of(
                Impression.class,
                Click.class,
                PageView.class,
                VendorReport.class,
                Governance.class,
                Origin.class,
                DeadLetter.class,
                LateEvent.class,
                RawRecord.class,
                Contract.class,
                SourceKey.class,
                RunKey.class,
                WindowKey.class,
                CampaignWindowKey.class,
                ClickTally.class,
                SessionOutcome.class,
                BounceTally.class,
                ImpressionTally.class,
                GapInput.class,
                WindowVerdict.class,
                Flag.class,
                PeriodRevision.class,
                RunWindow.class,
                Claim.class,
                SpendEvidence.class,
                ImpressionEvidence.class,
                RuleTerms.class,
                PriceFigures.class,
                BounceFigures.class,
                ReportFigures.class,
                ReplayOutput.class,
                FirstSeenFilter.FirstSeen.class);
    }

    /** Window accumulators: mutable, and never out of their window's state. */
    static Stream<Class<?>> accumulators() {
        return Stream.of(ClickTallyAggregate.Sums.class, BounceTallyAggregate.Sums.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"travellingTypes", "accumulators"})
    void isAPojoWithoutKryo(Class<?> type) {
        assertSerializedAsPojoWithoutKryo(type);
    }

    /** Object reuse between chained operators (AuditPipeline.recordHandling) is safe only for immutable records. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("travellingTypes")
    void travelsAsAnImmutableRecord(Class<?> type) {
        assertTrue(type.isRecord(), type + " is not a Java record");
    }
}

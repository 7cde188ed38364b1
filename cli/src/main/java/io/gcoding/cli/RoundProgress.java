package io.gcoding.cli;

import io.gcoding.coordinator.RoundRecord;
import io.gcoding.coordinator.SessionResult;
import io.gcoding.coordinator.TrainingRun;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar per protocol session on stderr (tables and JSON stay on stdout). */
final class RoundProgress implements TrainingRun.Listener {
    private final PrintStream stream;
    private ProgressBar bar;

    RoundProgress(PrintStream stream) {
        this.stream = stream;
    }

    @Override
    public void sessionStarting(String protocol, int rounds) {
        bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "%-8s", protocol))
                .setInitialMax(rounds).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(stream, 100)).build();
    }

    @Override
    public void afterStep(String protocol, int roundsDone, RoundRecord record, double[] parameters) {
        bar.stepTo(roundsDone);
        bar.setExtraMessage(String.format(Locale.ROOT, "round %.3f s, s=%d chunks", record.roundSeconds(),
                record.chunksUsed().length));
    }

    @Override
    public void sessionFinished(SessionResult result) {
        bar.setExtraMessage(String.format(Locale.ROOT, "test acc %.4f", result.finalEvaluation().testAccuracy()));
        bar.close();
    }
}

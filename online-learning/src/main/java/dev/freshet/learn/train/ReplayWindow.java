package dev.freshet.learn.train;

import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.IncompatibleSnapshotException;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.protos.FeatureNamesProto;
import dev.freshet.learn.protos.ReplayExampleProto;
import dev.freshet.learn.protos.ReplayProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last examples a learner learned, in a ring, and a seeded sampler that picks which to replay. Saved with every
 * version's training state, sampler included, so a restored learner replays exactly what the original would have.
 */
final class ReplayWindow {

    private final LearnerSettings.Replay settings;
    private final LabelledExample[] slots;
    private int size;
    private int next;
    private long randomState;

    ReplayWindow(LearnerSettings.Replay settings, long seed) {
        this.settings = settings;
        this.slots = new LabelledExample[settings.window()];
        this.randomState = seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
    }

    int perExample() {
        return settings.perExample();
    }

    int size() {
        return size;
    }

    /** Keeps {@code example}, dropping the oldest one when the window is full. */
    void add(LabelledExample example) {
        slots[next] = example;
        next = (next + 1) % slots.length;
        size = Math.min(size + 1, slots.length);
    }

    /** One example drawn uniformly from the window, which must not be empty. */
    LabelledExample draw() {
        // SplitMix64: a sampler whose whole state is one long, saved with the window.
        randomState += 0x9E3779B97F4A7C15L;
        long z = randomState;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return slots[(int) Long.remainderUnsigned(z, size)];
    }

    ReplayProto toProto() {
        ReplayProto.Builder proto = ReplayProto.newBuilder().setNextSlot(next).setRandomState(randomState);
        Map<String[], Integer> byIdentity = new IdentityHashMap<>();
        Map<List<String>, Integer> byContent = new HashMap<>();
        for (int i = 0; i < size; i++) {
            LabelledExample example = slots[i];
            String[] names = example.features().names();
            Integer table = byIdentity.get(names);
            if (table == null) {
                table = byContent.get(Arrays.asList(names));
                if (table == null) {
                    table = proto.getNamesCount();
                    proto.addNames(FeatureNamesProto.newBuilder().addAllNames(Arrays.asList(names)));
                    byContent.put(List.of(names), table);
                }
                byIdentity.put(names, table);
            }
            ReplayExampleProto.Builder row = ReplayExampleProto.newBuilder().setNames(table).setLabel(example.label());
            for (double v : example.features().values()) {
                row.addValues(v);
            }
            proto.addExamples(row);
        }
        return proto.build();
    }

    static ReplayWindow fromProto(LearnerSettings.Replay settings, ReplayProto proto) {
        ReplayWindow window = new ReplayWindow(settings, 0);
        if (proto.getExamplesCount() > settings.window() || proto.getNextSlot() < 0
                || proto.getNextSlot() >= Math.max(1, settings.window())) {
            throw new IncompatibleSnapshotException("the replay window holds " + proto.getExamplesCount()
                    + " examples at slot " + proto.getNextSlot() + " for a window of " + settings.window());
        }
        List<String[]> tables = new ArrayList<>();
        for (FeatureNamesProto names : proto.getNamesList()) {
            tables.add(names.getNamesList().toArray(String[]::new));
        }
        for (ReplayExampleProto row : proto.getExamplesList()) {
            if (row.getNames() < 0 || row.getNames() >= tables.size()) {
                throw new IncompatibleSnapshotException("a replayed example names feature table " + row.getNames()
                        + " of " + tables.size());
            }
            double[] values = row.getValuesList().stream().mapToDouble(Double::doubleValue).toArray();
            window.slots[window.size++] = new LabelledExample(new FeatureVector(tables.get(row.getNames()), values),
                    row.getLabel());
        }
        window.next = proto.getNextSlot();
        window.randomState = proto.getRandomState();
        return window;
    }
}

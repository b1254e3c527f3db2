package dev.freshet.learn.model;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import java.util.Map;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.DatasetProvenance;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Dataset provenance of a model learned from a stream rather than a dataset: where the stream came from,
 * how many examples, features and labels the model had seen when it was frozen.
 */
public final class StreamProvenance extends DatasetProvenance {
    private static final long serialVersionUID = 1L;

    /** The stream's description, for example {@code kafka:freshet.examples} or a CSV path. */
    public StreamProvenance(String source, long examples, int features, int labels) {
        super(new SimpleDataSourceProvenance(source, new LabelFactory()), new ListProvenance<ObjectProvenance>(),
                "stream", true, false, (int) Math.min(examples, Integer.MAX_VALUE), features, labels);
    }

    /** Used by Tribuo when the provenance is read back from a serialized model. */
    public StreamProvenance(Map<String, Provenance> map) {
        super(map);
    }
}

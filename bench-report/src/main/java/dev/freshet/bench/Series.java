package dev.freshet.bench;

import java.util.List;

/**
 * Values over time or over a parameter, a table in the report: e.g. the soak run's minute, p99, heap and open
 * files.
 */
public record Series(String name, List<String> columns, List<List<Double>> rows) {

    public Series {
        for (List<Double> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException(name + ": a row of " + row.size() + " values for " + columns.size()
                        + " columns");
            }
        }
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
    }
}

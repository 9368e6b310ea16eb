package org.shortcuthessian.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A sweep's CSV holds its cells in the order they finished; {@link ResultsFile#readCanonical} gives every summary the
 * same rows in the same order whatever that order was.
 */
class CanonicalRowsTest {
    static Map<String, String> row(String init, String depth, String seed, String epoch, String loss) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("init", init);
        r.put("depth", depth);
        r.put("seed", seed);
        r.put("epoch", epoch);
        r.put("loss", loss);
        return r;
    }

    @Test
    void rowsSortByEveryColumnNumbersAsNumbersAndACellKeepsItsEpochOrder() {
        List<Map<String, String>> rows = List.of(
                row("xavier", "10", "1", "0", "5"), row("xavier", "10", "1", "1", "4"), row("xavier", "10", "1", "2", "3"),
                row("small", "10", "2", "0", "1"), row("small", "9", "1", "0", "2"), row("small", "10", "", "0", "7"),
                row("small", "1e-4", "1", "0", "9"), row("small", "-1", "1", "0", "8"));
        List<Map<String, String>> sorted = ResultsFile.canonical(rows);
        assertEquals(rows.size(), sorted.size());
        assertEquals(List.of("8", "9", "2", "1", "7", "5", "4", "3"), sorted.stream().map(r -> r.get("loss")).toList(),
                "small before xavier; depth -1 < 1e-4 < 9 < 10 (not as text); seed 2 before the empty seed; epochs"
                        + " ascending");
        assertEquals("xavier", rows.get(0).get("init"), "the input list is not modified");
    }

    @Test
    void theSummaryOfASweepIsTheSameBitForBitWhateverOrderItsCellsFinishedIn() throws Exception {
        Path csv = Path.of("..", "..", "bench", "results", "paper", "fig7", "fig7.csv");
        assertTrue(Files.isRegularFile(csv), csv.toAbsolutePath().toString());
        List<Map<String, String>> rows = ResultsFile.read(csv);
        List<Map<String, String>> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(7));
        assertNotEquals(rows, shuffled);
        List<Map<String, String>> a = ResultsFile.canonical(rows);
        List<Map<String, String>> b = ResultsFile.canonical(shuffled);
        assertEquals(a, b);
        // the means over seeds that fig7_best.csv writes: equal to the last bit
        List<Fig7.Best> bestA = Fig7.best(a, Fig7.references(a));
        List<Fig7.Best> bestB = Fig7.best(b, Fig7.references(b));
        assertEquals(bestA.size(), bestB.size());
        for (int i = 0; i < bestA.size(); i++) {
            assertEquals(bestA.get(i), bestB.get(i), "depth " + bestA.get(i).depth());
        }
    }
}

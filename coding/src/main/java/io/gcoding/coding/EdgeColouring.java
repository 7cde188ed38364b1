package io.gcoding.coding;

import java.util.Arrays;

/**
 * Proper edge colouring of a delta-regular bipartite chunk-worker graph with delta colours (Konig's theorem), found
 * by repeatedly extracting perfect matchings (PROTOCOL.md §4). Colour c becomes position c + 1 in every worker's
 * order, so every chunk appears at every position exactly once.
 */
final class EdgeColouring {
    private EdgeColouring() {
    }

    static Ordering colour(Assignment assignment) {
        if (!assignment.isRegular()) {
            throw new ConfigurationException("edge colouring needs N = m and a regular assignment; " + assignment
                    + " is not");
        }
        int m = assignment.workers();
        int delta = assignment.load(0);
        boolean[][] remaining = new boolean[m][];
        int[][] chunksOf = new int[m][];
        for (int j = 0; j < m; j++) {
            chunksOf[j] = assignment.chunksOf(j);
            remaining[j] = new boolean[delta];
            Arrays.fill(remaining[j], true);
        }
        int[][] orders = new int[m][delta];
        for (int colour = 0; colour < delta; colour++) {
            int[] matchOfChunk = perfectMatching(chunksOf, remaining, m);
            for (int i = 0; i < m; i++) {
                int j = matchOfChunk[i];
                orders[j][colour] = i;
                remaining[j][Arrays.binarySearch(chunksOf[j], i)] = false;
            }
        }
        return new Ordering(assignment, orders);
    }

    /** Kuhn's augmenting paths on the remaining edges; a regular bipartite graph always has a perfect matching. */
    private static int[] perfectMatching(int[][] chunksOf, boolean[][] remaining, int n) {
        int[] matchOfChunk = new int[n];
        Arrays.fill(matchOfChunk, -1);
        int[] seen = new int[n];
        for (int j = 0; j < chunksOf.length; j++) {
            if (!augment(j, chunksOf, remaining, matchOfChunk, seen, j + 1)) {
                throw new IllegalStateException("no perfect matching: the graph is not regular");
            }
        }
        return matchOfChunk;
    }

    private static boolean augment(int worker, int[][] chunksOf, boolean[][] remaining, int[] matchOfChunk,
                                   int[] seen, int stamp) {
        // iterative would avoid deep recursion; depth is bounded by m, fine for the sizes used here
        for (int k = 0; k < chunksOf[worker].length; k++) {
            if (!remaining[worker][k]) {
                continue;
            }
            int chunk = chunksOf[worker][k];
            if (seen[chunk] == stamp) {
                continue;
            }
            seen[chunk] = stamp;
            if (matchOfChunk[chunk] < 0 || augment(matchOfChunk[chunk], chunksOf, remaining, matchOfChunk, seen, stamp)) {
                matchOfChunk[chunk] = worker;
                return true;
            }
        }
        return false;
    }
}

package io.gcoding.coding.sim;

/**
 * How often the fault path ran for one protocol over the trials (PROTOCOL.md §6).
 *
 * @param reEncodes       ENCODEs re-issued after a worker died, summed over the trials
 * @param resumes         RESUMEs (coverage lost after a death), summed over the trials
 * @param trialsWithFault trials with at least one re-encode or RESUME
 */
public record FaultCounts(long reEncodes, long resumes, int trialsWithFault) {

    static FaultCounts of(int[] reEncodes, int[] resumes) {
        long e = 0;
        long r = 0;
        int t = 0;
        for (int i = 0; i < reEncodes.length; i++) {
            e += reEncodes[i];
            r += resumes[i];
            t += reEncodes[i] + resumes[i] > 0 ? 1 : 0;
        }
        return new FaultCounts(e, r, t);
    }
}

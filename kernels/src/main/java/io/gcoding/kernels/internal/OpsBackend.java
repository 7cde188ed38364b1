package io.gcoding.kernels.internal;

import io.gcoding.data.HostChunk;
import io.gcoding.kernels.ComputeBackend;
import io.gcoding.kernels.DeviceChunk;
import io.gcoding.kernels.DeviceVector;
import io.gcoding.model.ModelSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A {@link ComputeBackend} on top of a {@link DeviceOps}: validates every argument (so both backends reject bad
 * input with the same messages), tracks every allocation so {@link #close()} frees them deterministically, and runs
 * the shared {@link GradientKernels}. Not thread-safe, like the interface says.
 */
public final class OpsBackend implements ComputeBackend {

    private final String name;
    private final String description;
    private final DeviceOps ops;
    private final Workspace workspace;
    private final GradientKernels gradients;
    private final Set<AutoCloseable> live = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    public OpsBackend(String name, String description, DeviceOps ops) {
        this.name = name;
        this.description = description;
        this.ops = ops;
        this.workspace = new Workspace(ops);
        this.gradients = new GradientKernels(ops, workspace);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String deviceDescription() {
        return description;
    }

    @Override
    public DeviceChunk upload(HostChunk chunk) {
        checkOpen();
        if (chunk == null) {
            throw new IllegalArgumentException("chunk is null");
        }
        double[] features = chunk.features();
        for (int i = 0; i < features.length; i++) {
            if (!Double.isFinite(features[i])) {
                throw new IllegalArgumentException("feature (row " + i / chunk.cols() + ", column " + i % chunk.cols()
                        + ") is " + features[i] + "; features must be finite (impute or drop the row)");
            }
        }
        ops.bind();
        Buffer x = ops.upload(features);
        Buffer y;
        try {
            y = ops.upload(chunk.labels());
        } catch (RuntimeException e) {
            x.close();
            throw e;
        }
        ResidentChunk resident = new ResidentChunk(this, chunk.rows(), chunk.cols(), x, y,
                LabelSummary.of(chunk.labels().clone()));
        live.add(resident);
        return resident;
    }

    @Override
    public DeviceVector allocate(int length) {
        checkOpen();
        if (length < 1) {
            throw new IllegalArgumentException("vector length must be >= 1, got " + length);
        }
        ops.bind();
        Buffer buffer = ops.allocate(length);
        ops.zero(buffer);
        ResidentVector vector = new ResidentVector(this, buffer, length);
        live.add(vector);
        return vector;
    }

    @Override
    public void copyIn(double[] values, DeviceVector dst) {
        Buffer buffer = own(dst, "dst");
        if (values == null || values.length != dst.length()) {
            throw new IllegalArgumentException("copyIn: values has " + (values == null ? "null" : values.length)
                    + " entries but the device vector has " + dst.length());
        }
        ops.bind();
        ops.write(values, buffer);
    }

    @Override
    public boolean hostMemory() {
        return ops.hostMemory();
    }

    @Override
    public double[] copyOut(DeviceVector src) {
        Buffer buffer = own(src, "src");
        ops.bind();
        return ops.read(buffer);
    }

    @Override
    public double gradient(ModelSpec model, DeviceChunk chunk, DeviceVector params, int[] rows, DeviceVector gradOut) {
        if (model == null) {
            throw new IllegalArgumentException("model is null");
        }
        ResidentChunk resident = own(chunk);
        Buffer p = own(params, "params");
        Buffer g = own(gradOut, "gradOut");
        int d = model.parameterCount();
        if (resident.cols() != model.inputDim()) {
            throw new IllegalArgumentException("chunk has " + resident.cols() + " features per row but " + model
                    + " expects inputDim " + model.inputDim());
        }
        if (params.length() != d || gradOut.length() != d) {
            throw new IllegalArgumentException(model + " has d = " + d + " parameters, but params has "
                    + params.length() + " and gradOut has " + gradOut.length() + "; allocate vectors of length d");
        }
        if (params == gradOut) {
            throw new IllegalArgumentException("gradOut must not be the params vector (the gradient needs params "
                    + "until the end); allocate a separate vector");
        }
        String labelProblem = resident.labelSummary().problemFor(model);
        if (labelProblem != null) {
            throw new IllegalArgumentException(labelProblem);
        }
        ops.bind();
        if (rows == null) {
            return gradients.compute(model, resident.features(), resident.labels(), resident.rows(), p, g);
        }
        checkRows(rows, resident.rows());
        Buffer x = workspace.get("batch.x", (long) rows.length * resident.cols());
        Buffer y = workspace.get("batch.y", rows.length);
        ops.gatherRows(resident.features(), resident.cols(), rows, x);
        ops.gatherRows(resident.labels(), 1, rows, y);
        return gradients.compute(model, x, y, rows.length, p, g);
    }

    private static void checkRows(int[] rows, int chunkRows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("rows is empty; pass null for the whole chunk or at least one row index");
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= chunkRows) {
                throw new IllegalArgumentException("rows[" + i + "] = " + rows[i] + " is outside the chunk's rows 0.."
                        + (chunkRows - 1));
            }
        }
    }

    @Override
    public void encode(List<DeviceVector> grads, double[][] coeffs, DeviceVector out) {
        Buffer target = own(out, "out");
        if (grads == null || coeffs == null) {
            throw new IllegalArgumentException("encode needs grads and coeffs (got " + (grads == null ? "null" : "a list")
                    + " and " + (coeffs == null ? "null" : "an array") + ")");
        }
        if (coeffs.length != grads.size()) {
            throw new IllegalArgumentException("encode: " + grads.size() + " gradients but " + coeffs.length
                    + " coefficient rows; pass one row b_{j,i} per gradient");
        }
        long blockLength = out.length();
        int ell = grads.isEmpty() ? 0 : checkedEll(coeffs);
        List<Buffer> buffers = new ArrayList<>(grads.size());
        for (int i = 0; i < grads.size(); i++) {
            DeviceVector g = grads.get(i);
            buffers.add(own(g, "grads[" + i + "]"));
            if (g.length() > ell * blockLength) {
                throw new IllegalArgumentException("grads[" + i + "] has length " + g.length() + " > ell * L = " + ell
                        + " * " + blockLength + "; out must have the block length L = ceil(d / ell)");
            }
        }
        ops.bind();
        if (grads.isEmpty()) {
            ops.zero(target);
        } else {
            ops.encode(buffers, coeffs, target);
        }
    }

    private static int checkedEll(double[][] coeffs) {
        int ell = coeffs[0] == null ? 0 : coeffs[0].length;
        for (int i = 0; i < coeffs.length; i++) {
            if (coeffs[i] == null || coeffs[i].length != ell || ell == 0) {
                throw new IllegalArgumentException("coeffs[" + i + "] has " + (coeffs[i] == null ? "no row"
                        : coeffs[i].length + " entries") + "; every row must have ell >= 1 entries (coeffs[0] has "
                        + ell + ")");
            }
            for (int k = 0; k < ell; k++) {
                if (!Double.isFinite(coeffs[i][k])) {
                    throw new IllegalArgumentException("coeffs[" + i + "][" + k + "] is " + coeffs[i][k]
                            + "; coefficients must be finite");
                }
            }
        }
        return ell;
    }

    /** Called by a vector or chunk that was closed by its holder. */
    void forget(AutoCloseable resource) {
        live.remove(resource);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            ops.bind();
        } catch (RuntimeException e) {
            // keep going: free what can be freed
        }
        for (AutoCloseable resource : new ArrayList<>(live)) {
            try {
                resource.close();
            } catch (Exception e) {
                // close() never throws; a failed free leaves nothing else to do
            }
        }
        live.clear();
        workspace.close();
        ops.close();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(name + " backend is closed; create a new one");
        }
    }

    private Buffer own(DeviceVector vector, String what) {
        checkOpen();
        if (!(vector instanceof ResidentVector resident) || resident.owner != this) {
            throw new IllegalArgumentException(what + " is " + (vector == null ? "null"
                    : "not a vector of this " + name + " backend (" + vector + ")")
                    + "; allocate it with this backend's allocate()");
        }
        return resident.buffer();
    }

    private ResidentChunk own(DeviceChunk chunk) {
        checkOpen();
        if (!(chunk instanceof ResidentChunk resident) || resident.owner != this) {
            throw new IllegalArgumentException("chunk is " + (chunk == null ? "null" : "not resident on this " + name
                    + " backend") + "; upload it with this backend's upload()");
        }
        resident.features(); // throws if closed
        return resident;
    }
}

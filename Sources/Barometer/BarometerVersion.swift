/// The tool version, recorded in manifests and stage fingerprints.
public enum BarometerVersion {
    // 0.4.0: stage tables are Parquet; artifacts of 0.3.0 (CSV) are stale and rerun.
    public static let current = "0.4.0"
}

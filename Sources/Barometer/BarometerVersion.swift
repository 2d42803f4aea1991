/// The tool version, recorded in manifests and stage fingerprints.
public enum BarometerVersion {
    public static let current = "0.3.0"
}

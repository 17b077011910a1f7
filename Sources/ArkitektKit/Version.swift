/// The release of arkitekt.
public enum ArkitektVersion {
    public static let current = "0.1.0"
}

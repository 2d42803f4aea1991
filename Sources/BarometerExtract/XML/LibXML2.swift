internal import CLibXML2

/// libxml2 wants one `xmlInitParser()` before threads use it; a `static let` runs it once,
/// thread-safely.
enum LibXML2 {
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    static func initializeOnce() { _ = initialized }
}

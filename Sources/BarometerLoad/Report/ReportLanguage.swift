/// The language of the report's own words and of its numbers (`16 %`, `15,9` in Danish;
/// `16%`, `15.9` in English). Labels from the codebook and the pipeline are shown as they are.
public enum ReportLanguage: String, Sendable, Decodable, CaseIterable {
    case danish = "da"
    case english = "en"
}

import BarometerAggregate

/// The report's own words in its language; everything else (titles, labels) comes from the
/// pipeline and the codebook as it is.
struct ReportWords: Sendable {
    let language: ReportLanguage

    private func pick(_ danish: String, _ english: String) -> String { language == .danish ? danish : english }

    var wave: String { pick("Bølge", "Wave") }
    var run: String { pick("Kørsel", "Run") }
    var share: String { pick("Andel", "Share") }
    var interval: String { pick("konfidensinterval", "confidence interval") }
    var subElements: String { pick("De tre delelementer", "The three sub-elements") }
    var indicator: String { pick("Indikator", "Indicator") }
    var value: String { pick("Skabt værdi", "Value created") }
    var outcome: String { pick("Værdi", "Value") }
    var difference: String { pick("Forskel (%-point)", "Difference (points)") }
    var shareBy: String {
        pick("Andel af innovationerne, der skabte værdien, efter om", "Share of innovations that created the value, by whether")
    }
    var pAdjusted: String { pick("p (korrigeret)", "p (adjusted)") }
    var significant: String { pick("Signifikant", "Significant") }
    var yes: String { pick("Ja", "Yes") }
    var no: String { pick("Nej", "No") }
    var breakdownBy: String { pick("Fordelt på", "By") }
    var level: String { pick("Gruppe", "Group") }
    var trend: String { pick("Udvikling over bølger", "Trend over waves") }
    var methods: String { pick("Metode", "Methods") }
    var universe: String { pick("Population", "Universe") }
    var weighting: String { pick("Vægtning", "Weighting") }
    var intervalMethod: String { pick("Konfidensinterval", "Confidence interval") }
    var test: String { pick("Test", "Test") }
    var suppression: String { pick("Diskretionering", "Suppression") }
    var source: String { pick("Datakilde", "Data source") }
    var suppressedNote: String {
        pick("– : tallet er undertrykt (for få besvarelser eller beskytter en anden celle).",
             "– : the figure is suppressed (too few respondents, or it protects another cell).")
    }
    var significantNote: String { pick("★ signifikant forskel", "★ significant difference") }

    /// "95 % konfidensinterval" / "95% confidence interval".
    func intervalLabel(_ level: Double, _ format: ReportNumberFormat) -> String {
        format.number(level * 100) + format.percentSign + " " + interval
    }

    /// The tool's own level labels (`All`, and `No`/`Yes` of a flag) in the report's language.
    func levelLabel(_ label: String) -> String {
        switch label {
        case "All": pick("Alle", "All")
        case "No": no
        case "Yes": yes
        default: label
        }
    }

    func universeText(_ methods: ReportContent.Methods, _ format: ReportNumberFormat) -> String {
        pick(
            "\(methods.universe): \(format.number(Double(methods.universeCount))) af \(format.number(Double(methods.rowsRead))) besvarelser (\(format.number(Double(methods.rowsRejected))) afvist).",
            "\(methods.universe): \(format.number(Double(methods.universeCount))) of \(format.number(Double(methods.rowsRead))) respondents (\(format.number(Double(methods.rowsRejected))) rejected).")
    }

    func weightingText(_ methods: ReportContent.Methods, _ format: ReportNumberFormat) -> String {
        let count = format.number(Double(methods.weightCount))
        let deff = format.number(methods.kishDesignEffect, decimals: 3)
        let effective = format.number(methods.effectiveSampleSize)
        return methods.weighting + ". "
            + pick("\(count) vægte; Kish-designeffekt \(deff), effektivt n \(effective).",
                   "\(count) weights; Kish design effect \(deff), effective n \(effective).")
    }

    func intervalText(_ methods: ReportContent.Methods, _ format: ReportNumberFormat) -> String {
        let level = format.number(methods.confidenceLevel * 100) + format.percentSign
        return pick(
            "\(level), metode \(methods.intervalMethod.rawValue) (som R's svyciprop), designbaserede standardfejl (Taylor-linearisering) og t-fordeling med designets frihedsgrader.",
            "\(level), \(methods.intervalMethod.rawValue) method (as R's svyciprop), design-based standard errors (Taylor linearization) and a t quantile on the design degrees of freedom.")
    }

    func testText(_ methods: ReportContent.Methods, _ format: ReportNumberFormat) -> String? {
        guard let test = methods.test, let alpha = methods.alpha else { return nil }
        let name =
            switch test {
            case .f: pick("Rao–Scott andenordens F-test", "Rao–Scott second-order F test")
            case .chisq: pick("Rao–Scott førsteordens χ²-test", "Rao–Scott first-order χ² test")
            case .wald: pick("Wald-test", "Wald test")
            }
        let correction =
            switch methods.correction ?? .none {
            case .none: pick("ingen korrektion", "no correction")
            case .holm: pick("Holm-korrektion", "Holm correction")
            case .bh: pick("Benjamini–Hochberg-korrektion", "Benjamini–Hochberg correction")
            }
        return "\(name) (svychisq), \(correction), α = \(format.number(alpha, decimals: 2))."
    }

    func suppressionText(_ rules: SuppressionRules) -> String {
        var parts: [String] = []
        if rules.minimumCount > 0 {
            parts.append(pick("celler med færre end \(rules.minimumCount) besvarelser vises ikke",
                              "cells with fewer than \(rules.minimumCount) respondents are not shown"))
        }
        if rules.nchs { parts.append(pick("NCHS' præsentationsstandard for andele", "the NCHS presentation standard for proportions")) }
        if rules.complementary {
            parts.append(pick("komplementær undertrykkelse, så en skjult celle ikke kan regnes ud",
                              "complementary suppression, so a hidden cell cannot be worked out"))
        }
        return parts.isEmpty ? pick("Ingen.", "None.") : parts.joined(separator: "; ").prefix(1).uppercased()
            + String(parts.joined(separator: "; ").dropFirst()) + "."
    }
}

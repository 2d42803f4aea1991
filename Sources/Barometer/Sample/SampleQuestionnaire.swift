import BarometerCore

/// The questionnaire of the synthetic wave, in the shape of a SurveyXact `structure.csv`:
/// one entry per data column, in column order, with the value labels that go to `labels.csv`.
///
/// As in real SurveyXact exports, a single-choice question has empty `choiceValue` and
/// `choiceText` and its codes in `labels.csv`; each option of a multi-select question is its
/// own 0/1 column whose entry carries the option's code and text, labelled "Ikke valgt"/"Valgt";
/// a grid item's text is "question - item".
struct SampleQuestionnaire: Sendable {
    /// One line of `structure.csv` and the `labels.csv` lines of the same variable.
    struct Entry: Sendable, Equatable {
        var questionName: String
        var variableName: String
        var questionType: String
        var subType: String
        var questionText: String
        var choiceValue: String = ""
        var choiceText: String = ""
        var labels: [ValueLabel] = []
    }

    static let sektorLabels = ["Stat", "Region", "Kommune"]
    static let stoerrelseLabels = ["Under 50 ansatte", "50-199 ansatte", "200 ansatte og derover"]
    static let regionLabels = [
        "Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland",
    ]
    static let arbejdspladsLabels = [
        "Administration", "Dagtilbud og skole", "Sundhed", "Ældre og social", "Kultur og fritid",
        "Teknik og miljø", "Andet",
    ]
    static let innoItems = ["produkter", "services", "processer", "måder at kommunikere på"]
    static let igangsatOptions = [
        "Ledelsen", "Medarbejdere", "Borgere og brugere", "Frivillige foreninger",
        "Private virksomheder", "Andre offentlige arbejdspladser", "Politikere",
        "Forskere og uddannelsesinstitutioner", "Andre", "Ved ikke",
    ]
    /// The fremmet items: variable suffix and the text after "question - ".
    static let fremmetItems = [
        ("borgere", "Borgere og brugere"), ("frivillige", "Frivillige foreninger"),
        ("virksomheder", "Private virksomheder"), ("politikere", "Politikere"),
    ]
    static let fremmetLabels = [
        ValueLabel(code: "1", label: "Fremmet i høj grad"),
        ValueLabel(code: "2", label: "Fremmet i nogen grad"),
        ValueLabel(code: "3", label: "Hæmmet i nogen grad"),
        ValueLabel(code: "4", label: "Hæmmet i høj grad"),
        ValueLabel(code: "8", label: "Ved ikke"),
        ValueLabel(code: "9", label: "Ikke relevant"),
    ]
    static let samarbejdeOptions = [
        "Andre offentlige arbejdspladser", "Private virksomheder", "Borgere og brugere",
        "Frivillige foreninger", "Forskere og uddannelsesinstitutioner", "Konsulenter", "Andre",
        "Ingen samarbejdspartnere", "Ved ikke",
    ]
    static let vaerdiOptions = [
        "Bedre kvalitet", "Øget effektivitet", "Større medarbejdertilfredshed",
        "Bedre inddragelse af borgerne", "Opfyldelse af politiske mål", "Andet", "Ved ikke",
    ]

    let entries: [Entry]

    /// The questionnaire of `wave`, which appears in the innovation question's period.
    init(wave: String) {
        var entries: [Entry] = []
        func numbered(_ labels: [String]) -> [ValueLabel] {
            labels.enumerated().map { ValueLabel(code: String($0.offset + 1), label: $0.element) }
        }
        func single(_ name: String, _ text: String, _ labels: [String]) {
            entries.append(
                Entry(
                    questionName: name, variableName: name, questionType: "Closed",
                    subType: "Single",
                    questionText: text, labels: numbered(labels)))
        }
        func multiple(_ name: String, _ text: String, _ options: [String]) {
            let chosen = [
                ValueLabel(code: "0", label: "Ikke valgt"), ValueLabel(code: "1", label: "Valgt"),
            ]
            for (index, option) in options.enumerated() {
                entries.append(
                    Entry(
                        questionName: name, variableName: "\(name)_\(index + 1)",
                        questionType: "Closed",
                        subType: "Multiple", questionText: text, choiceValue: String(index + 1),
                        choiceText: option, labels: chosen))
            }
        }

        entries.append(
            Entry(
                questionName: "id", variableName: "id", questionType: "Background",
                subType: "Numeric",
                questionText: "Respondent-id"))
        single("sektor", "Hvilken sektor hører arbejdspladsen til?", Self.sektorLabels)
        single("stoerrelse", "Hvor mange ansatte er der på arbejdspladsen?", Self.stoerrelseLabels)
        entries.append(
            Entry(
                questionName: "stratum", variableName: "stratum", questionType: "Background",
                subType: "Numeric", questionText: "Stratum (sektor * 10 + størrelse)"))
        single("region", "I hvilken region ligger arbejdspladsen?", Self.regionLabels)
        single("arbejdsplads", "Hvilken type arbejdsplads er der tale om?", Self.arbejdspladsLabels)

        // Three dots, not "…": that is byte 0x85, which a reader decoding Latin-1 by mistake
        // would take for a line break (NEL).
        let innoQuestion =
            "Har arbejdspladsen i perioden \(wave) indført nye eller væsentligt forbedrede ..."
        let innoLabels = [
            ValueLabel(code: "1", label: "Ja"), ValueLabel(code: "2", label: "Nej"),
            ValueLabel(code: "8", label: "Ved ikke"),
        ]
        for (index, item) in Self.innoItems.enumerated() {
            entries.append(
                Entry(
                    questionName: "inno", variableName: "inno_\(index + 1)", questionType: "Closed",
                    subType: "Single", questionText: "\(innoQuestion) - \(item)", labels: innoLabels
                ))
        }

        multiple(
            "igangsat", "Hvem satte den seneste innovation i gang? (højst 3 svar)",
            Self.igangsatOptions)
        let fremmetQuestion =
            "I hvilken grad har følgende fremmet eller hæmmet den seneste innovation?"
        for (suffix, item) in Self.fremmetItems {
            entries.append(
                Entry(
                    questionName: "fremmet", variableName: "fremmet_\(suffix)",
                    questionType: "Closed",
                    subType: "Single", questionText: "\(fremmetQuestion) - \(item)",
                    labels: Self.fremmetLabels))
        }
        multiple(
            "samarbejde", "Hvem samarbejdede arbejdspladsen med om den seneste innovation?",
            Self.samarbejdeOptions)
        multiple("vaerdi", "Hvilken værdi har den seneste innovation skabt?", Self.vaerdiOptions)

        entries.append(
            Entry(
                questionName: "udgift", variableName: "udgift", questionType: "Open",
                subType: "Numeric",
                questionText: "Hvad kostede den seneste innovation omtrent? (mio. kr.)"))
        entries.append(
            Entry(
                questionName: "beskrivelse", variableName: "beskrivelse", questionType: "Open",
                subType: "String", questionText: "Beskriv kort den seneste innovation"))
        self.entries = entries
    }

    /// The data column names, in order.
    var columnNames: [String] { entries.map(\.variableName) }
}

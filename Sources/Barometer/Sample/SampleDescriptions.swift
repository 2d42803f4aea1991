/// The free-text answers to `beskrivelse`: short Danish descriptions built from a lead and a
/// detail, some of which carry what a CSV reader must get right: `;`, double quotes, a line
/// break inside the field, and the Windows-1252 en dash (0x96, not in Latin-1).
enum SampleDescriptions {
    /// Which leads a description may start with; a workplace whose volunteers took part tends
    /// to describe a volunteer project.
    enum Theme: Sendable {
        case general, volunteers, citizens
    }

    static let generalLeads = [
        "Ny digital selvbetjening til ansøgninger",
        "Fælles vagtplan på tværs af afdelinger",
        "Softwarerobot til håndtering af fakturaer",
        "Tavlemøder hver morgen",
        "Ny proces for visitation",
        "Videokonsultationer med patienter",
        "Genbrug af møbler mellem institutioner",
        "App til indberetning af skader på veje",
        "Tværfagligt team om komplekse sager",
        "Elcykler til hjemmeplejen",
    ]
    static let volunteerLeads = [
        "Frivillige læsevenner i børnehaven",
        "Besøgsvenner fra den lokale forening",
        "Idrætsforeningen står for \"Aktiv fritid\" i SFO'en",
        "Frivillige guider på museet",
        "Samarbejde med Røde Kors om ensomme ældre",
    ]
    static let citizenLeads = [
        "Borgerpanel om nye cykelstier",
        "Pårørendecafé på plejecentret",
        "Brugerinddragelse i indretning af venteværelset",
        "Forældre med i planlægning af skoledagen",
        "Workshop med borgere om affaldssortering",
    ]
    static let details = [
        "",
        "; virker godt",
        " – evalueret efter 6 måneder",
        ". Sparer ca. 2 timer om ugen",
        "; kaldet \"den gode start\"",
        ".\nOpfølgning næste år",
        " (pilotprojekt)",
        ".\nMedarbejderne er glade; borgerne også",
    ]

    /// Every description, leads in theme order (general, volunteers, citizens), each lead
    /// followed by all of its details; a respondent stores an index into this.
    static let texts: [String] = (generalLeads + volunteerLeads + citizenLeads).flatMap { lead in
        details.map { lead + $0 }
    }

    /// A random description of `theme`, as an index into `texts`.
    static func pick(_ theme: Theme, using random: inout Xoshiro256StarStar) -> Int {
        let first: Int
        let leads: Int
        switch theme {
        case .general: (first, leads) = (0, generalLeads.count)
        case .volunteers: (first, leads) = (generalLeads.count, volunteerLeads.count)
        case .citizens:
            (first, leads) = (generalLeads.count + volunteerLeads.count, citizenLeads.count)
        }
        let lead = first + random.below(leads)
        return lead * details.count + random.below(details.count)
    }
}

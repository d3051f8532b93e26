"""The forum's first categories (slug, name, description), seeded by both engines' migrations."""

DEFAULT_CATEGORIES = (
    (
        "screening",
        "Screening and early recognition",
        "Screening tools, screening every shift, triage and escalation.",
    ),
    (
        "bundles",
        "Bundles and protocols",
        "The Hour-1 bundle, order sets, nurse-driven protocols and time zero.",
    ),
    ("sep-1", "SEP-1 and data", "SEP-1 abstraction, exclusions, compliance data and value-based purchasing."),
    (
        "education",
        "Education and awareness",
        "Staff education, EMS partners, Sepsis Awareness Month and World Sepsis Day.",
    ),
    (
        "predictive-tools",
        "Predictive tools and EHR alerts",
        "Sepsis alerts in the EHR, their accuracy and alert fatigue.",
    ),
    (
        "programme",
        "Building a sepsis programme",
        "Winning leadership support, committees, staffing and the CDC Core Elements.",
    ),
    (
        "coordinator-role",
        "The coordinator role",
        "Job descriptions, dedicated time, daily work and career questions.",
    ),
    ("pediatrics", "Pediatrics", "Pediatric sepsis, the Phoenix criteria and pediatric protocols."),
    ("survivorship", "Survivorship", "Follow-up after discharge and post-sepsis syndrome."),
    ("resource-requests", "Resource requests", "Ask for a resource the Library does not have yet."),
)

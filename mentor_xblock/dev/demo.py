"""Demo data for the workbench. Scenarios themselves load from dev/olx on first page view."""

# Small capacities on purpose: a few learners see automatic assignment, then full mentors
# and the "no capacity left" state.
DEMO_MENTORS = [
    {
        "username": "mentor_ada", "display_name": "Ada Okafor", "capacity": 2,
        "tags": ["leadership", "coaching"], "contact_url": "https://example.com/book/ada",
        "bio": "Engineering director; coaches first-time team leads.",
    },
    {
        "username": "mentor_grace", "display_name": "Grace Lindqvist", "capacity": 1,
        "tags": ["careers", "communication"], "contact_url": "",
        "bio": "Career coach and former recruiter; helps with career moves and difficult conversations.",
    },
    {
        "username": "mentor_linus", "display_name": "Linus Berg", "capacity": 1,
        "tags": ["marketing", "leadership"], "contact_url": "https://example.com/book/linus",
        "bio": "Marketing lead who built two teams from scratch.",
    },
]


def load_demo_data() -> str:
    """Put the demo mentors in the dev course's pool; running it again changes nothing."""
    from mentor_xblock.block import DEV_COURSE_KEY
    from mentor_xblock.dev.scenarios import SCENARIOS
    from mentor_xblock.dev.user_service import anonymous_id_for
    from mentor_xblock.models import MentorProfile

    for mentor in DEMO_MENTORS:
        MentorProfile.objects.get_or_create(
            course_key=DEV_COURSE_KEY,
            mentor_id=anonymous_id_for(mentor["username"]),
            defaults=mentor,
        )
    return f"{len(SCENARIOS)} scenarios, {len(DEMO_MENTORS)} mentors in the pool"

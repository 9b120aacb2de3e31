"""Demo data for the workbench. Scenarios themselves load from dev/olx on first page view."""
from workbench.runtime import WorkbenchRuntime
from workbench.scenarios import get_scenarios

from ..block import MentorXBlock
from ..models import MentorProfile
from ..services.programme.published import record_published_blocks
from .courses import demo_courses
from .scenarios import SCENARIOS
from .user_service import anonymous_id_for

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


def load_demo_data(record_blocks: bool = True) -> str:
    """Put the demo mentors in the dev course's pool and record the demo blocks' mentoring settings
    (the course's programme rule is the strictest of them); running it again changes nothing."""
    for course_key in demo_courses():
        for mentor in DEMO_MENTORS:
            MentorProfile.objects.get_or_create(
                course_key=course_key,
                mentor_id=anonymous_id_for(mentor["username"]),
                defaults=mentor,
            )
    recorded = record_demo_blocks() if record_blocks else 0
    return (f"{len(SCENARIOS)} scenarios, {len(DEMO_MENTORS)} mentors in the pool, "
            f"{recorded} blocks with mentoring settings recorded")


def record_demo_blocks() -> int:
    """Record the mentoring settings of every mentorship block of the workbench's demo scenarios,
    as a course publish does on an Open edX site (services/programme/published.py)."""
    runtime = WorkbenchRuntime("demo-data")
    blocks, todo = [], [scenario.usage_id for name, scenario in get_scenarios().items() if name.startswith("mentorship")]
    while todo:
        block = runtime.get_block(todo.pop(0))
        if isinstance(block, MentorXBlock):
            blocks.append(block)
        todo.extend(getattr(block, "children", None) or [])
    by_course = {course_key: [] for course_key in demo_courses()}
    for block in blocks:
        by_course.setdefault(block.block_ref.course_key, []).append(block)
    return sum(record_published_blocks(course_key, found) for course_key, found in by_course.items())


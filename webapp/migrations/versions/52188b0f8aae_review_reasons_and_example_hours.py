"""review reasons, home page reasons and example appointment hours

Revision ID: 52188b0f8aae
Revises: de2f5572c886
Create Date: 2026-12-07 12:00:00.000000

"""
from datetime import time

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '52188b0f8aae'
down_revision = 'de2f5572c886'
branch_labels = None
depends_on = None

# The weekly hours `flask bookings seed` put in before they were marked as examples
# (content/booking/appointment_services.yml): service, weekdays, start, end.
SEEDED = (
    ("camhs_duty_call", (0, 1, 2, 3, 4), time(9, 30), time(12, 0)),
    ("memory_advice_call", (1, 3), time(13, 30), time(16, 0)),
    ("health_visitor_video", (0, 2, 4), time(10, 0), time(12, 0)),
)


def upgrade():
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.add_column(sa.Column('home_page_reason', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('review_reason', sa.Text(), nullable=True))

    with op.batch_alter_table('availability_rule', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('example', sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    # Hours seeded into an existing database are the examples, not a team's own: mark them
    # so they are never offered to the public.
    rule = sa.table(
        'availability_rule',
        sa.column('service_id', sa.String),
        sa.column('weekday', sa.Integer),
        sa.column('start_time', sa.Time),
        sa.column('end_time', sa.Time),
        sa.column('example', sa.Boolean),
    )
    for service_id, weekdays, start, end in SEEDED:
        op.execute(
            rule.update()
            .where(
                rule.c.service_id == service_id,
                rule.c.weekday.in_(weekdays),
                rule.c.start_time == start,
                rule.c.end_time == end,
            )
            .values(example=True)
        )
        _drop_example_slots(service_id, rule)


def _drop_example_slots(service_id, rule):
    """A service with only example hours has no real times: delete the free slots they
    made (booked ones stay), so a team's own hours start from a clean week."""
    bind = op.get_bind()
    own_rules = bind.execute(
        sa.select(sa.func.count()).select_from(rule).where(
            rule.c.service_id == service_id, rule.c.example.is_(False)
        )
    ).scalar_one()
    one_off = sa.table('one_off_availability', sa.column('service_id', sa.String))
    own_hours = bind.execute(
        sa.select(sa.func.count()).select_from(one_off).where(one_off.c.service_id == service_id)
    ).scalar_one()
    if own_rules or own_hours:
        return
    slot = sa.table('slot', sa.column('id', sa.Integer), sa.column('service_id', sa.String))
    booking = sa.table(
        'booking', sa.column('slot_id', sa.Integer), sa.column('active_slot_id', sa.Integer)
    )
    event = sa.table('booking_event', sa.column('slot_id', sa.Integer))
    used = sa.union(
        sa.select(booking.c.slot_id),
        sa.select(booking.c.active_slot_id).where(booking.c.active_slot_id.is_not(None)),
        sa.select(event.c.slot_id).where(event.c.slot_id.is_not(None)),
    )
    op.execute(slot.delete().where(slot.c.service_id == service_id, slot.c.id.not_in(used)))


def downgrade():
    with op.batch_alter_table('availability_rule', schema=None) as batch_op:
        batch_op.drop_column('example')

    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.drop_column('review_reason')
        batch_op.drop_column('home_page_reason')

"""duty teams, their hours and closures; handoffs of chats to a duty worker and their
events; the duty role; staff messages in the transcript

Revision ID: 898d371f9273
Revises: c5e2a7d9f314
Create Date: 2026-12-08 03:35:48.914711

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '898d371f9273'
down_revision = 'c5e2a7d9f314'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('duty_team',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('typical_wait_minutes', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_team'))
    )
    op.create_table('duty_closure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=40), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_duty_closure_ends_after_start')),
    sa.ForeignKeyConstraint(['team_id'], ['duty_team.id'], name=op.f('fk_duty_closure_team_id_duty_team'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_closure'))
    )
    with op.batch_alter_table('duty_closure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_duty_closure_team_id'), ['team_id'], unique=False)

    op.create_table('duty_hours',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=40), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.CheckConstraint('end_time > start_time', name=op.f('ck_duty_hours_ends_after_start')),
    sa.CheckConstraint('weekday BETWEEN 0 AND 6', name=op.f('ck_duty_hours_weekday_known')),
    sa.ForeignKeyConstraint(['team_id'], ['duty_team.id'], name=op.f('fk_duty_hours_team_id_duty_team'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_hours'))
    )
    with op.batch_alter_table('duty_hours', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_duty_hours_team_id'), ['team_id'], unique=False)

    op.create_table('handoff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.String(length=32), nullable=False),
    sa.Column('team_id', sa.String(length=40), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('asked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('taken_by_id', sa.Integer(), nullable=True),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('overdue_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('crisis', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint("state IN ('waiting', 'left', 'taken', 'handed_back', 'closed')", name=op.f('ck_handoff_state_known')),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversation.id'], name=op.f('fk_handoff_conversation_id_conversation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['taken_by_id'], ['staff_user.id'], name=op.f('fk_handoff_taken_by_id_staff_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['team_id'], ['duty_team.id'], name=op.f('fk_handoff_team_id_duty_team')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handoff'))
    )
    with op.batch_alter_table('handoff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handoff_conversation_id'), ['conversation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_handoff_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_handoff_team_id'), ['team_id'], unique=False)

    op.create_table('handoff_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('handoff_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('staff_user_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint("kind IN ('asked', 'left_message', 'overdue', 'taken', 'handed_back', 'closed', 'risk')", name=op.f('ck_handoff_event_kind_known')),
    sa.ForeignKeyConstraint(['handoff_id'], ['handoff.id'], name=op.f('fk_handoff_event_handoff_id_handoff'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_user_id'], ['staff_user.id'], name=op.f('fk_handoff_event_staff_user_id_staff_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handoff_event'))
    )
    with op.batch_alter_table('handoff_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handoff_event_handoff_id'), ['handoff_id'], unique=False)

    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('staff_user_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_message_staff_user_id_staff_user'), 'staff_user', ['staff_user_id'], ['id'], ondelete='SET NULL')
        batch_op.drop_constraint(batch_op.f('ck_message_sender_known'), type_='check')
        batch_op.create_check_constraint(
            batch_op.f('ck_message_sender_known'), "sender IN ('user', 'bot', 'staff')"
        )

    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team_id', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('job_title', sa.String(length=80), nullable=False, server_default=''))
        batch_op.create_index(batch_op.f('ix_staff_user_team_id'), ['team_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_staff_user_team_id_duty_team'), 'duty_team', ['team_id'], ['id'], ondelete='SET NULL')
        # A fourth role: duty workers, who answer the chats handed to a person.
        batch_op.drop_constraint(batch_op.f('ck_staff_user_role_known'), type_='check')
        batch_op.create_check_constraint(
            batch_op.f('ck_staff_user_role_known'), "role IN ('editor', 'bookings', 'duty', 'admin')"
        )



def downgrade():
    op.execute("DELETE FROM message WHERE sender = 'staff'")
    op.execute("UPDATE staff_user SET active = false, role = 'editor' WHERE role = 'duty'")
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_staff_user_team_id_duty_team'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_staff_user_team_id'))
        batch_op.drop_constraint(batch_op.f('ck_staff_user_role_known'), type_='check')
        batch_op.create_check_constraint(
            batch_op.f('ck_staff_user_role_known'), "role IN ('editor', 'bookings', 'admin')"
        )
        batch_op.drop_column('job_title')
        batch_op.drop_column('team_id')

    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_message_staff_user_id_staff_user'), type_='foreignkey')
        batch_op.drop_column('staff_user_id')
        batch_op.drop_constraint(batch_op.f('ck_message_sender_known'), type_='check')
        batch_op.create_check_constraint(
            batch_op.f('ck_message_sender_known'), "sender IN ('user', 'bot')"
        )

    with op.batch_alter_table('handoff_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handoff_event_handoff_id'))

    op.drop_table('handoff_event')
    with op.batch_alter_table('handoff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handoff_team_id'))
        batch_op.drop_index(batch_op.f('ix_handoff_state'))
        batch_op.drop_index(batch_op.f('ix_handoff_conversation_id'))

    op.drop_table('handoff')
    with op.batch_alter_table('duty_hours', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_duty_hours_team_id'))

    op.drop_table('duty_hours')
    with op.batch_alter_table('duty_closure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_duty_closure_team_id'))

    op.drop_table('duty_closure')
    op.drop_table('duty_team')

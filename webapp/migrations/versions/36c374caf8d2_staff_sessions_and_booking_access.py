"""staff sessions, booking staff and the booking access log

Revision ID: 36c374caf8d2
Revises: 7b1e0c9d4f21
Create Date: 2026-12-07 11:42:26.434341

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '36c374caf8d2'
down_revision = '7b1e0c9d4f21'
branch_labels = None
depends_on = None


def upgrade():
    # Signed-in staff sessions, kept on the server so they can be ended (the cookie holds a
    # random id; this table its SHA-256 digest).
    op.create_table('staff_session',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['staff_user.id'], name=op.f('fk_staff_session_user_id_staff_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_session'))
    )
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_session_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_session_user_id'), ['user_id'], unique=False)

    # Who viewed or exported which booking's details.
    op.create_table('booking_access',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("action IN ('viewed', 'exported')", name=op.f('ck_booking_access_action_known')),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_booking_access_booking_id_booking'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking_access'))
    )
    with op.batch_alter_table('booking_access', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_booking_access_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_booking_access_booking_id'), ['booking_id'], unique=False)

    # A third role, booking staff. Existing editors keep the content only: an admin gives
    # those who handle bookings the new role (`flask staff set-role`).
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_staff_user_role_known'), type_='check')
        batch_op.create_check_constraint(
            batch_op.f('ck_staff_user_role_known'), "role IN ('editor', 'bookings', 'admin')"
        )


def downgrade():
    op.execute("UPDATE staff_user SET role = 'editor' WHERE role = 'bookings'")
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_staff_user_role_known'), type_='check')
        batch_op.create_check_constraint(
            batch_op.f('ck_staff_user_role_known'), "role IN ('editor', 'admin')"
        )

    with op.batch_alter_table('booking_access', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_booking_access_booking_id'))
        batch_op.drop_index(batch_op.f('ix_booking_access_at'))

    op.drop_table('booking_access')
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_session_user_id'))
        batch_op.drop_index(batch_op.f('ix_staff_session_expires_at'))

    op.drop_table('staff_session')

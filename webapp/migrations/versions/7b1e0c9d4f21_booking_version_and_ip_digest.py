"""booking version and ip digest

Revision ID: 7b1e0c9d4f21
Revises: 52188b0f8aae
Create Date: 2026-12-07 15:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7b1e0c9d4f21'
down_revision = '52188b0f8aae'
branch_labels = None
depends_on = None


def upgrade():
    # A row version checked on every change (a change or cancel from an older one is
    # refused), and a keyed digest of the address a booking came from, for the limits.
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('booking_contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ip_digest', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('booking_contact', schema=None) as batch_op:
        batch_op.drop_column('ip_digest')

    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_column('version')

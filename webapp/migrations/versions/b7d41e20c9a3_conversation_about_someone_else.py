"""conversation about someone else

Revision ID: b7d41e20c9a3
Revises: 36c374caf8d2
Create Date: 2026-12-08 00:55:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d41e20c9a3'
down_revision = '36c374caf8d2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('about', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('about_pronoun', sa.String(length=4), nullable=True))


def downgrade():
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.drop_column('about_pronoun')
        batch_op.drop_column('about')

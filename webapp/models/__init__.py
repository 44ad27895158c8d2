"""SQLAlchemy 2.0 models, one module per subject."""

from webapp.models.base import Base
from webapp.models.conversation import Conversation, Message

__all__ = ["Base", "Conversation", "Message"]

"""What a turn uses: the safety net, the bot client, the renderer and its wording, cards,
language detection. Not the services people are signposted to (models.Service) nor the ones
that take appointments (models.AppointmentService)."""

"""The web app's own API family (`/api/web/...`): what Tasklist and Operate draw, in the
shapes the app wants, over the same services as the Orkes, Conductor and Camunda APIs."""

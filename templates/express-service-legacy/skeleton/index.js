'use strict';

const express = require('express');

function createApp() {
  const app = express();

  app.get('/healthz', (req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/hello', (req, res) => {
    const name = typeof req.query.name === 'string' && req.query.name ? req.query.name : 'world';
    res.json({ message: `Hello, ${name}!` });
  });

  return app;
}

// Listen only when run directly, so the tests can start the app on a port of their own.
if (require.main === module) {
  const port = Number(process.env.PORT || 3000);
  createApp().listen(port, () => {
    console.log(`${{ values.name }} listening on port ${port}`);
  });
}

module.exports = { createApp };

"""A PyTorch loop in its usual style — a DataLoader of mini-batches, Adam, BCEWithLogitsLoss — with
one line per epoch that records it for Flipbook. Run it, then draw it with the command it prints."""

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from flipbook_record import Recorder

rng = np.random.default_rng(0)
n = 1000                                              # two interleaved half moons: upper (0) and lower (1)
angle, lower = rng.uniform(0, np.pi, n), rng.random(n) < 0.5
X = np.where(lower[:, None], np.c_[1 - np.cos(angle), 0.5 - np.sin(angle)], np.c_[np.cos(angle), np.sin(angle)])
X += rng.normal(0, 0.1, (n, 2))
y, test = lower.astype(int), rng.random(n) < 0.2
mean, std = X[~test].mean(0), X[~test].std(0)

inputs = torch.tensor((X - mean) / std, dtype=torch.float32)
targets = torch.tensor(y, dtype=torch.float32)[:, None]
is_test = torch.from_numpy(test)
batches = DataLoader(TensorDataset(inputs[~is_test], targets[~is_test]), batch_size=64, shuffle=True)

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 1))
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

with Recorder("runs/torch", X, y, test=test, class_names=["upper", "lower"], mean=mean, deviation=std,
              criterion=criterion) as rec:
    for epoch in range(200):
        model.train()
        for batch, target in batches:
            optimizer.zero_grad()
            criterion(model(batch), target).backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            logits = model(inputs)
            right = ((logits > 0) == (targets > 0.5)).float()
        rec.log(epoch, model=model, train_loss=criterion(logits[~is_test], targets[~is_test]),
                test_loss=criterion(logits[is_test], targets[is_test]),
                train_accuracy=right[~is_test].mean(), test_accuracy=right[is_test].mean())

print("recorded 200 epochs; draw them with: flipbook render runs/torch")

#!/bin/bash
# Zhong et al.'s initialization-error map at the paper's size, as a Slurm job array: each array task runs one
# slice of the cells (the CLI reads SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT), and a last job joins them.
#   sbatch docs/slurm-map.sh
#   sbatch --dependency=afterok:<array job id> --wrap 'npm run --silent recover -- --merge map-shards/shard-*.json --json > map.json'
# Then open map.json in the app: Recovery map → Open map.
#SBATCH --job-name=recovery-map
#SBATCH --array=0-15
#SBATCH --cpus-per-task=1
#SBATCH --mem=4G
#SBATCH --time=04:00:00
#SBATCH --output=map-shards/%A_%a.log
set -euo pipefail
mkdir -p map-shards
npm run --silent recover -- \
  --act sqrelu --k 5 --kappa 2 --lr 0.02 --seed 1 \
  --map n=10000:100000:10000,d=10:100:10 --trials 10 --init tensor --iters 0 \
  --json > "map-shards/shard-${SLURM_ARRAY_TASK_ID}.json"

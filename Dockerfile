# kube-doctor: multi-stage build; the runtime image has production dependencies only, runs as a non-root user,
# and works with a read-only root filesystem (writes go to /var/lib/kube-doctor, a mounted volume).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts/bundle-cli.mjs ./scripts/
RUN npm ci --ignore-scripts --no-audit --no-fund && npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    KUBE_DOCTOR_RULES=/app/rules \
    KUBE_DOCTOR_DATA_DIR=/var/lib/kube-doctor
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The bundled rules; mount a folder and list it in KUBE_DOCTOR_RULES (PATH-style, e.g. /app/rules:/etc/kube-doctor/rules)
# to add or override rules without rebuilding.
COPY rules ./rules
RUN mkdir -p /var/lib/kube-doctor && chown 1000:1000 /var/lib/kube-doctor
USER 1000:1000
EXPOSE 3000 8080
ENTRYPOINT ["node", "dist/main.js"]
